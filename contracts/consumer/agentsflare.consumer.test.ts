/**
 * Consumer contract of Agentsflare (provider `agentsflare`): CreateAsset and GetAsset only, as
 * `POST /byteplus/_unstable/open/<Action>` with a Bearer key and PascalCase bodies (CreateAsset has no GroupId: no
 * groups); answers are flat fields plus `base_resp{status_code, status_msg}` with 0 = success
 * (docs.agentsflare.com/api-examples/assets-api). Platform errors are documented
 * (docs-dkq.pages.dev/en/guide/usage/faq): a bad key is HTTP 404 `{"statusCode":404,"message":"Key not found"}` —
 * an authentication failure the client must never read as "not found" — and 429 means rate limited or out of
 * balance. `base_resp` failure codes are not documented: the dialect keeps the upstream code as the prefix of
 * `status_msg` (`NotFound.asset_id: …`), and that prefix is what the client reads as "gone" (a guess the live
 * verification checks). Source: ../../provider/gateways/agentsflare.ts.
 */
import { MatchersV3 as M } from "@pact-foundation/pact";
import type { V4RequestBuilder, V4ResponseBuilder } from "./support.js";
import { describe, expect, it } from "vitest";
import type { Action } from "../../provider/api.js";
import { ABSENT_ASSET_ID, assetId, assetIdFromState, bearer, EXAMPLE_ASSET_ID, isoTime, message, messageStartingWith, presignedUrl } from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { expectUnsupportedActionsRefused, pactFor, publishPactWhenComplete, rejectionOf, withClient } from "./support.js";

const gateway = "agentsflare";
const pact = pactFor(gateway);
const ASSET_NAME = "pact-contract-asset";
const SOURCE_URL = "https://example.com/pact-contract.png";

const path = (action: Action) => `/byteplus/_unstable/open/${action}`;
const call = (body: unknown) => (b: V4RequestBuilder) => {
  b.headers({ "Content-Type": "application/json", Authorization: bearer() }).jsonBody(body);
};
const SUCCESS = { status_code: 0, status_msg: M.string("success") };
const ok = (fields: Record<string, unknown>) => (b: V4ResponseBuilder) => {
  b.jsonBody({ ...fields, base_resp: SUCCESS });
};
/** A failure: a non-zero status_code and the upstream code as the prefix of status_msg. */
const failure = (exampleCode: number, prefix: string, text: string) => (b: V4ResponseBuilder) => {
  b.jsonBody({ base_resp: { status_code: M.integer(exampleCode), status_msg: messageStartingWith(prefix, `${prefix}${text}`) } });
};

describe("agentsflare (Bearer, BytePlus upstream, CreateAsset/GetAsset)", () => {
  publishPactWhenComplete(gateway);

  it("CreateAsset without a group", () =>
    pact
      .addInteraction()
      .uponReceiving(named("CreateAsset", "an image from a public URL"))
      .withRequest("POST", path("CreateAsset"), call({ URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }))
      .willRespondWith(200, ok({ Id: assetId() }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.createAsset({ URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }))).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("GetAsset of an Active asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("GetAsset", "an Active asset"))
      .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), Name: M.string(ASSET_NAME), URL: presignedUrl(), AssetType: "Image", Status: "Active", CreateTime: isoTime(), UpdateTime: isoTime() }))
      .executeTest(async (mock) => {
        const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
        expect(asset).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active", AssetType: "Image" });
        expect(asset.URL).toMatch(/^https:\/\//);
      }));

  it("GetAsset of a Processing asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Processing" })
      .uponReceiving(named("GetAsset", "a Processing asset"))
      .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), AssetType: "Image", Status: "Processing" }))
      .executeTest(async (mock) => {
        expect((await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).Status).toBe("Processing");
      }));

  it("GetAsset of a Failed asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Failed", errorCode: "PixelCountTooSmall" })
      .uponReceiving(named("GetAsset", "a Failed asset"))
      .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), AssetType: "Image", Status: "Failed", Error: { Code: "PixelCountTooSmall", Message: message("The image has too few pixels.") } }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).toMatchObject({ Status: "Failed", Error: { Code: "PixelCountTooSmall" } });
      }));

  it("an unknown id is a non-zero status_code with the NotFound code", () =>
    pact
      .addInteraction()
      .given(STATES.nothingExists, { assetId: ABSENT_ASSET_ID })
      .uponReceiving(named("GetAsset", "an id that does not exist"))
      .withRequest("POST", path("GetAsset"), call({ Id: ABSENT_ASSET_ID }))
      .willRespondWith(200, failure(1404, "NotFound.asset_id: ", `The asset ${ABSENT_ASSET_ID} does not exist.`))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", kind: "NotFound", gatewayCode: "NotFound.asset_id", gone: "asset" });
      }));

  it("an unknown key is the platform's 404 Key not found: Unauthorized, never gone", () =>
    pact
      .addInteraction()
      .given(STATES.badCredentials)
      .uponReceiving(named("GetAsset", "an unknown API key"))
      .withRequest("POST", path("GetAsset"), call({ Id: ABSENT_ASSET_ID }))
      .willRespondWith(404, (b) => {
        b.jsonBody({ statusCode: 404, message: "Key not found" });
      })
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNAUTHORIZED", kind: "Unauthorized", httpStatus: 404, gatewayCode: "KeyNotFound" });
        expect(error["gone"]).toBeUndefined();
      }));

  it("throttling is 429, which also means insufficient balance", () =>
    pact
      .addInteraction()
      .given(STATES.throttled, { action: "GetAsset" })
      .uponReceiving(named("GetAsset", "over the rate limit"))
      .withRequest("POST", path("GetAsset"), call({ Id: ABSENT_ASSET_ID }))
      .willRespondWith(429, (b) => {
        b.jsonBody({ statusCode: 429, message: message("Too Many Requests") });
      })
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", kind: "Throttled", httpStatus: 429 });
        expect(String(error["message"])).toContain("rate limited or insufficient balance: top up or slow down");
      }));

  it("rejected parameters are a non-zero status_code with the InvalidParameter code", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .given(STATES.rejectsParameters, { code: "InvalidParameter" })
      .uponReceiving(named("GetAsset", "parameters the gateway rejects"))
      .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
      .willRespondWith(200, failure(2013, "InvalidParameter", ": The parameter Id is invalid."))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", gatewayCode: "InvalidParameter" });
      }));

  it("the client refuses the eight other Actions without sending", () => expectUnsupportedActionsRefused(gateway));
});
