/**
 * The contract of real-person verification (CreateVisualValidateSession, GetVisualValidateResult), shared by the
 * gateways that serve it (volcengine, byteplus, anyfast): each gateway's consumer test calls
 * `visualValidateContract` inside its describe block with its own wire helpers, so the interactions land in its pact.
 *
 * Fields: CreateVisualValidateSession `{CallbackURL}` → `{BytedToken, CallbackURL, H5Link}` (byteplus-sa/ark-mcp
 * `src/ark_mcp/providers/modelark/assets.py`; the native Result echoes CallbackURL in the raw answer quoted by
 * docs.easyrouter.io/zh/docs/api/management/visual-validate/create-session; Anyfast:
 * docs.anyfast.ai/api-reference/model-api/bytedance/volc-asset-create-visual-validate-session);
 * GetVisualValidateResult `{BytedToken}` → `{GroupId}` once the person has passed (ark-mcp).
 */
import { MatchersV3 as M, type PactV4 } from "@pact-foundation/pact";
import { expect, it } from "vitest";
import type { VisualValidateAction } from "../../provider/api.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { EXAMPLE_GROUP_ID, fromState, groupId } from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { withClient, type V4RequestBuilder, type V4ResponseBuilder } from "./support.js";

/** A BytedToken: a UTC time stamp and hex, e.g. the Anyfast documentation's example. */
export const BYTED_TOKEN = /^[0-9A-Za-z]+$/;
/** The example token of the consumer tests (Anyfast's documented example). */
export const EXAMPLE_BYTED_TOKEN = "2026070222152680501D985EA34A3BE3D8";
const CALLBACK_URL = "https://example.com/pact-contract/verified";
const EXAMPLE_H5_LINK = "https://www.byteplus.com/en/liveness-face-manage/authorization?pl=example";

/** How a gateway's contract sends a request and writes a successful answer. */
export interface VisualValidateWire {
  /** The path and the request builder of `action` with the canonical `body`, as the gateway's client sends it. */
  request(action: VisualValidateAction, body: Record<string, unknown>): { path: string; build: (b: V4RequestBuilder) => void };
  /** The builder of a successful answer carrying the canonical `result`. */
  ok(result: Record<string, unknown>): (b: V4ResponseBuilder) => void;
}

/** Declares the verification interactions of `gateway` (call inside its consumer test's describe block). */
export function visualValidateContract(gateway: GatewayName, pact: PactV4, wire: VisualValidateWire): void {
  it("CreateVisualValidateSession answers a BytedToken and the H5 link", () => {
    const request = wire.request("CreateVisualValidateSession", { CallbackURL: CALLBACK_URL });
    return pact
      .addInteraction()
      .uponReceiving(named("CreateVisualValidateSession", "a real-person verification session"))
      .withRequest("POST", request.path, request.build)
      .willRespondWith(
        200,
        wire.ok({ BytedToken: M.regex(BYTED_TOKEN, EXAMPLE_BYTED_TOKEN), CallbackURL: CALLBACK_URL, H5Link: M.regex(/^https?:\/\/\S+$/, EXAMPLE_H5_LINK) }),
      )
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) => c.createVisualValidateSession({ CallbackURL: CALLBACK_URL }));
        expect(result).toEqual({ BytedToken: EXAMPLE_BYTED_TOKEN, CallbackURL: CALLBACK_URL, H5Link: EXAMPLE_H5_LINK });
      });
  });

  it("GetVisualValidateResult of a completed verification answers the new LivenessFace group's id", () => {
    const request = wire.request("GetVisualValidateResult", { BytedToken: fromState("${bytedToken}", BYTED_TOKEN, EXAMPLE_BYTED_TOKEN) });
    return pact
      .addInteraction()
      .given(STATES.verificationCompleted)
      .uponReceiving(named("GetVisualValidateResult", "a completed verification"))
      .withRequest("POST", request.path, request.build)
      .willRespondWith(200, wire.ok({ GroupId: groupId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) => c.getVisualValidateResult({ BytedToken: EXAMPLE_BYTED_TOKEN }));
        expect(result).toEqual({ GroupId: EXAMPLE_GROUP_ID });
      });
  });
}
