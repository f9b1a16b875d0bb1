/**
 * Consumer contract of doubao-open (provider `doubao-open`): the nine Actions of new-api's `/doubao/open/<Action>`
 * relay (QuantumNous/new-api PR #5656) with a Bearer key and native PascalCase bodies; the native
 * `{ResponseMetadata, Result}` answers passed through from Volcengine upstream. Guess (as in the dialect,
 * ../../provider/gateways/doubao-open.ts): the gateway's own failures (bad key, throttling) use new-api's
 * `{"error": {…}}`. The contract is shared with the other new-api relay (./new-api-relay-contract.ts); this file adds
 * the delete the relay serves and the one it does not.
 */
import type { V4ResponseBuilder } from "./support.js";
import { expect, it } from "vitest";
import { assetIdFromState, EXAMPLE_ASSET_ID, requestId } from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { newApiRelayContract } from "./new-api-relay-contract.js";
import { expectUnsupportedActionsRefused, withClient } from "./support.js";

newApiRelayContract({
  gateway: "doubao-open",
  title: "doubao-open (Bearer, /doubao/open/<Action>, native envelope)",
  path: (action) => `/doubao/open/${action}`,
  listAssetsNote: "the native Filter, relayed",
  more: ({ pact, path, call }) => {
    it("DeleteAsset", () =>
      pact
        .addInteraction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("DeleteAsset", "an existing asset"))
        .withRequest("POST", path("DeleteAsset"), call({ Id: assetIdFromState() }))
        .willRespondWith(200, (b: V4ResponseBuilder) => {
          b.jsonBody({ ResponseMetadata: { RequestId: requestId() }, Result: {} });
        })
        .executeTest(async (mock) => {
          expect(await withClient("doubao-open", mock.url, (c) => c.deleteAsset({ Id: EXAMPLE_ASSET_ID }))).toEqual({});
        }));

    it("the client refuses DeleteAssetGroup (no route in PR #5656) without sending", () => expectUnsupportedActionsRefused("doubao-open"));
  },
});
