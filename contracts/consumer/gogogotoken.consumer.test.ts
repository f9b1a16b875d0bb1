/**
 * Consumer contract of gogogotoken (provider `gogogotoken`): the eight non-delete Actions as
 * `POST /v1/seedance/asset/<Action>` with a Bearer key and native PascalCase bodies (docs.gogogotoken.com/assets.md).
 * The answer envelope is not documented; the dialect (../../provider/gateways/gogogotoken.ts) assumes the native
 * `{ResponseMetadata, Result}` is passed through and that the gateway's own failures (bad key, throttling) use
 * `{"error": {…}}`. The contract is shared with the other new-api relay (./new-api-relay-contract.ts); it states those
 * assumptions so a live verification shows at once where they are wrong.
 */
import { it } from "vitest";
import { newApiRelayContract } from "./new-api-relay-contract.js";
import { expectUnsupportedActionsRefused } from "./support.js";

newApiRelayContract({
  gateway: "gogogotoken",
  title: "gogogotoken (Bearer, /v1/seedance/asset/<Action>, no deletes)",
  path: (action) => `/v1/seedance/asset/${action}`,
  listAssetsNote: "the gateway documents no status filter",
  more: () => {
    it("the client refuses DeleteAsset and DeleteAssetGroup without sending", () => expectUnsupportedActionsRefused("gogogotoken"));
  },
});
