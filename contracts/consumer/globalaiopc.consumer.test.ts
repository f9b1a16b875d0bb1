/**
 * Consumer contract of GlobalAiOpc (provider `globalaiopc`): no groups; CreateAsset as
 * `POST /kyyReactApiServer/kyyVideo2/asset/upload` with lower-case `{assetType, url, name}`, GetAsset and DeleteAsset
 * as `GET` / `DELETE …/kyyVideo2/asset/{assetId}`; answers `{code, msg, data}` with code 0 = success. Documented:
 * the detail `data` `{name, assetId, status, assetType, url, createTime}` with a zone-less `createTime` such as
 * `2026-03-30 14:21:58` (docs.globalaiopc.com/en/api-reference/video/kyyvideo2/kyyvideo2-asset-detail; the client
 * reads it as Beijing time, a guess) and the delete answer `{code: "0", msg: "删除成功", data: null}`
 * (…/seedance2/seedance2-asset-delete). The path's asset id comes from the provider state through a regex matcher
 * that carries the ProviderState generator, so the mock still checks the path.
 * Source: ../../provider/gateways/globalaiopc.ts.
 */
import { MatchersV3 as M } from "@pact-foundation/pact";
import type { V4RequestBuilder, V4ResponseBuilder } from "./support.js";
import { describe, expect, it } from "vitest";
import { ABSENT_ASSET_ID, assetId, bearer, EXAMPLE_ASSET_ID, fromState, message, messageStartingWith, presignedUrl } from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { expectUnsupportedActionsRefused, pactFor, publishPactWhenComplete, rejectionOf, withClient } from "./support.js";

const gateway = "globalaiopc";
const pact = pactFor(gateway);
const BASE = "/kyyReactApiServer/kyyVideo2/asset";
const ASSET_NAME = "pact-contract-asset";
const SOURCE_URL = "https://example.com/pact-contract.png";

/** `/kyyReactApiServer/kyyVideo2/asset/{assetId}` with the id from the provider state, checked by regex. */
const assetPath = () => fromState(`${BASE}/\${assetId}`, /^\/kyyReactApiServer\/kyyVideo2\/asset\/asset-[0-9]{14}-[a-z0-9]+$/, `${BASE}/${EXAMPLE_ASSET_ID}`);
const auth = (b: V4RequestBuilder) => {
  b.headers({ Authorization: bearer() });
};
const ok = (code: 0 | "0", data?: unknown) => (b: V4ResponseBuilder) => {
  b.jsonBody({ code, ...(data === undefined ? {} : { data }) });
};
/** The documented zone-less `createTime` (`yyyy-MM-dd HH:mm:ss`). */
const localTime = (example = "2026-03-30 14:21:58") => M.regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, example);
/** A failure: a non-zero `code` and the upstream code as the prefix of `msg`. */
const failure = (exampleCode: number, prefix: string, text: string) => (b: V4ResponseBuilder) => {
  b.jsonBody({ code: M.integer(exampleCode), msg: messageStartingWith(prefix, `${prefix}${text}`) });
};

describe("globalaiopc (Bearer, /kyyReactApiServer/kyyVideo2/asset, no groups)", () => {
  publishPactWhenComplete(gateway);

  it("CreateAsset uploads from a public URL", () =>
    pact
      .addInteraction()
      .uponReceiving(named("CreateAsset", "an image from a public URL"))
      .withRequest("POST", `${BASE}/upload`, (b) => {
        b.headers({ "Content-Type": "application/json", Authorization: bearer() }).jsonBody({ assetType: "Image", url: SOURCE_URL, name: ASSET_NAME });
      })
      .willRespondWith(200, ok(0, { assetId: assetId() }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.createAsset({ URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }))).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("GetAsset of an Active asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("GetAsset", "an Active asset"))
      .withRequest("GET", assetPath(), auth)
      .willRespondWith(
        200,
        ok(0, { name: M.string(ASSET_NAME), assetId: assetId(), status: "Active", assetType: "Image", url: presignedUrl(), createTime: localTime() }),
      )
      .executeTest(async (mock) => {
        const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
        expect(asset).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active", AssetType: "Image", Name: ASSET_NAME });
        expect(asset.URL).toMatch(/^https:\/\//);
        // 14:21:58 in Beijing (UTC+8, the assumed zone) is 06:21:58 UTC.
        expect(asset.CreateTime).toBe("2026-03-30T06:21:58Z");
        expect(asset.UpdateTime).toBeUndefined();
      }));

  it("GetAsset of a Processing asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Processing" })
      .uponReceiving(named("GetAsset", "a Processing asset"))
      .withRequest("GET", assetPath(), auth)
      .willRespondWith(200, ok(0, { assetId: assetId(), assetType: "Image", status: "Processing" }))
      .executeTest(async (mock) => {
        expect((await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).Status).toBe("Processing");
      }));

  it("GetAsset of a Failed asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Failed", errorCode: "DurationTooLong", assetType: "Video" })
      .uponReceiving(named("GetAsset", "a Failed asset"))
      .withRequest("GET", assetPath(), auth)
      .willRespondWith(200, ok(0, { assetId: assetId(), assetType: "Video", status: "Failed", errorCode: "DurationTooLong", errorMessage: message("The video is longer than 15 s.") }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).toMatchObject({ Status: "Failed", Error: { Code: "DurationTooLong" } });
      }));

  it('DeleteAsset answers code "0" (a string) and msg "删除成功"', () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("DeleteAsset", "an existing asset"))
      .withRequest("DELETE", assetPath(), auth)
      .willRespondWith(200, (b) => {
        b.jsonBody({ code: "0", msg: "删除成功", data: null });
      })
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.deleteAsset({ Id: EXAMPLE_ASSET_ID }))).toEqual({});
      }));

  it("an unknown id is a non-zero code with the NotFound code in msg", () =>
    pact
      .addInteraction()
      .given(STATES.nothingExists, { assetId: ABSENT_ASSET_ID })
      .uponReceiving(named("GetAsset", "an id that does not exist"))
      .withRequest("GET", `${BASE}/${ABSENT_ASSET_ID}`, auth)
      .willRespondWith(200, failure(404, "NotFound.asset_id: ", `The asset ${ABSENT_ASSET_ID} does not exist.`))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", kind: "NotFound", gatewayCode: "NotFound.asset_id", gone: "asset" });
      }));

  it("an unknown key is 401", () =>
    pact
      .addInteraction()
      .given(STATES.badCredentials)
      .uponReceiving(named("GetAsset", "an unknown API key"))
      .withRequest("GET", `${BASE}/${ABSENT_ASSET_ID}`, auth)
      .willRespondWith(401, (b) => {
        b.jsonBody({ code: M.integer(401), msg: message("The API key is not valid.") });
      })
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNAUTHORIZED", kind: "Unauthorized", httpStatus: 401 });
      }));

  it("throttling is 429", () =>
    pact
      .addInteraction()
      .given(STATES.throttled, { action: "GetAsset" })
      .uponReceiving(named("GetAsset", "over the rate limit"))
      .withRequest("GET", `${BASE}/${ABSENT_ASSET_ID}`, auth)
      .willRespondWith(429, (b) => {
        b.jsonBody({ code: M.integer(429), msg: message("Request rate limit exceeded.") });
      })
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", kind: "Throttled", httpStatus: 429 });
      }));

  it("rejected parameters are a non-zero code with the InvalidParameter code in msg", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .given(STATES.rejectsParameters, { code: "InvalidParameter" })
      .uponReceiving(named("GetAsset", "parameters the gateway rejects"))
      .withRequest("GET", assetPath(), auth)
      .willRespondWith(200, failure(400, "InvalidParameter", ": The parameter assetId is invalid."))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", gatewayCode: "InvalidParameter" });
      }));

  it("the client refuses the seven other Actions without sending", () => expectUnsupportedActionsRefused(gateway));
});
