/**
 * Consumer contract of Anyfast (provider `anyfast`): all ten Actions as `POST /volc/asset/<Action>` with a Bearer
 * key and the native PascalCase body plus the `model` billing field; answers are the unwrapped native Result
 * (docs.anyfast.ai/guides/model-api/bytedance/volc-asset). Errors: the gateway's own as `{"error": {"code",
 * "message"}}`, upstream ones relayed as 400/404/502 with the native code in brackets (`[NotFound.asset_id] …`),
 * which the client reads as "gone" only when unmasked (baudevs/OpenMontage `tools/video/_anyfast.py`). The other
 * relay shapes, masked codes and the duplicate-Name 404 (two requests: the answer, then the client's lookup) are
 * tested against the emulator (test/integration/reseller-fidelity.test.ts). Source: ../../provider/gateways/anyfast.ts.
 */
import { MatchersV3 as M } from "@pact-foundation/pact";
import type { V4RequestBuilder, V4ResponseBuilder } from "./support.js";
import { describe, expect, it } from "vitest";
import type { Action } from "../../provider/api.js";
import { makeSample } from "../../emulator/samples.js";
import {
  ABSENT_ASSET_ID,
  assetId,
  assetIdFromState,
  bearer,
  EXAMPLE_ASSET_ID,
  EXAMPLE_GROUP_ID,
  groupId,
  groupIdFromState,
  isoTime,
  message,
  messageStartingWith,
  presignedUrl,
  listedAssetType,
} from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { pactFor, publishPactWhenComplete, rejectionOf, withClient } from "./support.js";
import { visualValidateContract } from "./visual-validate-contract.js";

const gateway = "anyfast";
const pact = pactFor(gateway);
const GROUP_NAME = "pact-contract-group";
const ASSET_NAME = "pact-contract-asset";
const SOURCE_URL = "https://example.com/pact-contract.png";
const DATA_URI = `data:image/png;base64,${Buffer.from(makeSample("png", { width: 320, height: 320 }).data).toString("base64")}`;

const path = (action: Action) => `/volc/asset/${action}`;
const call = (body: unknown) => (b: V4RequestBuilder) => {
  b.headers({ "Content-Type": "application/json", Authorization: bearer() }).jsonBody(body);
};
const ok = (body: unknown) => (b: V4ResponseBuilder) => {
  b.jsonBody(body);
};
const failure = (code: unknown, text: unknown) => (b: V4ResponseBuilder) => {
  b.jsonBody({ error: { code, message: text } });
};
/** Every call but a video/audio CreateAsset bills to `volc-asset` (docs.anyfast.ai volc-asset "Billing models"). */
const MODEL = "volc-asset";

describe("anyfast (Bearer, /volc/asset/<Action>)", () => {
  publishPactWhenComplete(gateway);

  it("CreateAssetGroup answers the new group's Id", () =>
    pact
      .addInteraction()
      .uponReceiving(named("CreateAssetGroup", "a new asset group"))
      .withRequest("POST", path("CreateAssetGroup"), call({ model: MODEL, Name: GROUP_NAME, Description: "Created by the contract suite" }))
      .willRespondWith(200, ok({ Id: groupId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) => c.createAssetGroup({ Name: GROUP_NAME, Description: "Created by the contract suite" }));
        expect(result).toEqual({ Id: EXAMPLE_GROUP_ID });
      }));

  it("CreateAsset from a public URL", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("CreateAsset", "an image from a public URL"))
      .withRequest("POST", path("CreateAsset"), call({ model: MODEL, GroupId: groupIdFromState(), URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }))
      .willRespondWith(200, ok({ Id: assetId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) => c.createAsset({ GroupId: EXAMPLE_GROUP_ID, URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }));
        expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("CreateAsset of a video bills to volc-asset-video", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("CreateAsset", "a video, billed to volc-asset-video"))
      .withRequest(
        "POST",
        path("CreateAsset"),
        call({ model: "volc-asset-video", GroupId: groupIdFromState(), URL: "https://example.com/pact-contract.mp4", AssetType: "Video", Name: ASSET_NAME }),
      )
      .willRespondWith(200, ok({ Id: assetId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) =>
          c.createAsset({ GroupId: EXAMPLE_GROUP_ID, URL: "https://example.com/pact-contract.mp4", AssetType: "Video", Name: ASSET_NAME }),
        );
        expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("CreateAsset from a data URI", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("CreateAsset", "an image as a data URI"))
      .withRequest(
        "POST",
        path("CreateAsset"),
        call({ model: MODEL, GroupId: groupIdFromState(), URL: M.regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, DATA_URI), AssetType: "Image", Name: ASSET_NAME }),
      )
      .willRespondWith(200, ok({ Id: assetId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) => c.createAsset({ GroupId: EXAMPLE_GROUP_ID, URL: DATA_URI, AssetType: "Image", Name: ASSET_NAME }));
        expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("GetAsset of an Active asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("GetAsset", "an Active asset"))
      .withRequest("POST", path("GetAsset"), call({ model: MODEL, Id: assetIdFromState() }))
      .willRespondWith(
        200,
        ok({ Id: assetId(), Name: M.string(ASSET_NAME), URL: presignedUrl(), AssetType: "Image", GroupId: groupId(), Status: "Active", CreateTime: isoTime(), UpdateTime: isoTime() }),
      )
      .executeTest(async (mock) => {
        const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
        expect(asset).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active", GroupId: EXAMPLE_GROUP_ID });
        expect(asset.URL).toMatch(/^https:\/\//);
      }));

  it("GetAsset of a Processing asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Processing" })
      .uponReceiving(named("GetAsset", "a Processing asset"))
      .withRequest("POST", path("GetAsset"), call({ model: MODEL, Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), AssetType: "Image", Status: "Processing" }))
      .executeTest(async (mock) => {
        expect((await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).Status).toBe("Processing");
      }));

  it("GetAsset of a Failed asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Failed", errorCode: "DurationTooLong", assetType: "Video" })
      .uponReceiving(named("GetAsset", "a Failed asset"))
      .withRequest("POST", path("GetAsset"), call({ model: MODEL, Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), AssetType: "Video", Status: "Failed", Error: { Code: "DurationTooLong", Message: message("The video is longer than 15 s.") } }))
      .executeTest(async (mock) => {
        const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
        expect(asset).toMatchObject({ Status: "Failed", Error: { Code: "DurationTooLong" } });
      }));

  it("GetAssetGroup (the name may carry Anyfast's isolation prefix)", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("GetAssetGroup", "an existing group"))
      .withRequest("POST", path("GetAssetGroup"), call({ model: MODEL, Id: groupIdFromState() }))
      .willRespondWith(200, ok({ Id: groupId(), Name: M.string(`[u-1]-[t-1]-${GROUP_NAME}`), Description: M.string("Seeded by the contract suite"), GroupType: "AIGC" }))
      .executeTest(async (mock) => {
        const group = await withClient(gateway, mock.url, (c) => c.getAssetGroup({ Id: EXAMPLE_GROUP_ID }));
        expect(group).toMatchObject({ Id: EXAMPLE_GROUP_ID, GroupType: "AIGC" });
      }));

  it("ListAssets filters by group and status", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("ListAssets", "the Active assets of a group"))
      .withRequest("POST", path("ListAssets"), call({ model: MODEL, Filter: { GroupIds: [groupIdFromState()], Statuses: ["Active"] }, PageNumber: 1, PageSize: 10 }))
      .willRespondWith(
        200,
        ok({
          Items: M.eachLike({ Id: assetId(), Name: M.string(ASSET_NAME), AssetType: listedAssetType(), GroupId: groupId(), Status: M.equal("Active") }),
          TotalCount: M.integer(1),
          PageNumber: M.integer(1),
          PageSize: M.integer(10),
        }),
      )
      .executeTest(async (mock) => {
        const page = await withClient(gateway, mock.url, (c) => c.listAssets({ Filter: { GroupIds: [EXAMPLE_GROUP_ID], Statuses: ["Active"] }, PageNumber: 1, PageSize: 10 }));
        expect(page.Items[0]).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active" });
      }));

  it("ListAssetGroups filters by id and type", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("ListAssetGroups", "an AIGC group by id"))
      .withRequest("POST", path("ListAssetGroups"), call({ model: MODEL, Filter: { GroupIds: [groupIdFromState()], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }))
      .willRespondWith(
        200,
        ok({
          Items: M.eachLike({ Id: groupId(), Name: M.string(GROUP_NAME), GroupType: M.equal("AIGC") }),
          TotalCount: M.integer(1),
          PageNumber: M.integer(1),
          PageSize: M.integer(10),
        }),
      )
      .executeTest(async (mock) => {
        const page = await withClient(gateway, mock.url, (c) => c.listAssetGroups({ Filter: { GroupIds: [EXAMPLE_GROUP_ID], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }));
        expect(page.Items[0]).toMatchObject({ Id: EXAMPLE_GROUP_ID });
      }));

  it("UpdateAsset renames an asset", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("UpdateAsset", "a new name"))
      .withRequest("POST", path("UpdateAsset"), call({ model: MODEL, Id: assetIdFromState(), Name: `${ASSET_NAME}-renamed` }))
      .willRespondWith(200, ok({ Id: assetId() }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.updateAsset({ Id: EXAMPLE_ASSET_ID, Name: `${ASSET_NAME}-renamed` }))).toEqual({ Id: EXAMPLE_ASSET_ID });
      }));

  it("UpdateAssetGroup changes name and description", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("UpdateAssetGroup", "a new name and description"))
      .withRequest("POST", path("UpdateAssetGroup"), call({ model: MODEL, Id: groupIdFromState(), Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }))
      .willRespondWith(200, ok({ Id: groupId() }))
      .executeTest(async (mock) => {
        const result = await withClient(gateway, mock.url, (c) =>
          c.updateAssetGroup({ Id: EXAMPLE_GROUP_ID, Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }),
        );
        expect(result).toEqual({ Id: EXAMPLE_GROUP_ID });
      }));

  it("DeleteAsset answers Deleted: true", () =>
    pact
      .addInteraction()
      .given(STATES.assetExists, { status: "Active" })
      .uponReceiving(named("DeleteAsset", "an existing asset"))
      .withRequest("POST", path("DeleteAsset"), call({ model: MODEL, Id: assetIdFromState() }))
      .willRespondWith(200, ok({ Id: assetId(), Deleted: true }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.deleteAsset({ Id: EXAMPLE_ASSET_ID }))).toEqual({});
      }));

  it("DeleteAssetGroup answers Deleted: true", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("DeleteAssetGroup", "an existing group"))
      .withRequest("POST", path("DeleteAssetGroup"), call({ model: MODEL, Id: groupIdFromState() }))
      .willRespondWith(200, ok({ Id: groupId(), Deleted: true }))
      .executeTest(async (mock) => {
        expect(await withClient(gateway, mock.url, (c) => c.deleteAssetGroup({ Id: EXAMPLE_GROUP_ID }))).toEqual({});
      }));

  it("an unknown id is relayed as 404 upstream_error [NotFound.asset_id]", () =>
    pact
      .addInteraction()
      .given(STATES.nothingExists, { assetId: ABSENT_ASSET_ID })
      .uponReceiving(named("GetAsset", "an id that does not exist"))
      .withRequest("POST", path("GetAsset"), call({ model: MODEL, Id: ABSENT_ASSET_ID }))
      .willRespondWith(404, failure("upstream_error", messageStartingWith("[NotFound.asset_id] ", `[NotFound.asset_id] The asset ${ABSENT_ASSET_ID} does not exist.`)))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", kind: "NotFound", httpStatus: 404, gatewayCode: "NotFound.asset_id", gone: "asset" });
      }));

  it("an unknown key is 401", () =>
    pact
      .addInteraction()
      .given(STATES.badCredentials)
      .uponReceiving(named("ListAssetGroups", "an unknown API key"))
      .withRequest("POST", path("ListAssetGroups"), call({ model: MODEL, Filter: { GroupType: "AIGC" } }))
      .willRespondWith(401, failure(M.string("invalid_api_key"), message("The API key is not valid.")))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.listAssetGroups({ Filter: { GroupType: "AIGC" } })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNAUTHORIZED", kind: "Unauthorized", httpStatus: 401 });
      }));

  it("throttling is 429", () =>
    pact
      .addInteraction()
      .given(STATES.throttled, { action: "GetAsset" })
      .uponReceiving(named("GetAsset", "over the rate limit"))
      .withRequest("POST", path("GetAsset"), call({ model: MODEL, Id: ABSENT_ASSET_ID }))
      .willRespondWith(429, failure(M.string("rate_limit_exceeded"), message("[FlowLimitExceeded] Request rate limit exceeded.")))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", kind: "Throttled", httpStatus: 429 });
      }));

  it("a URL that is neither a URL, a data URI nor base64 is 400 [InvalidParameter]", () =>
    pact
      .addInteraction()
      .given(STATES.groupExists)
      .uponReceiving(named("CreateAsset", "a URL that is not a URL, a data URI or base64"))
      .withRequest("POST", path("CreateAsset"), call({ model: MODEL, GroupId: groupIdFromState(), URL: "not a url!", AssetType: "Image", Name: ASSET_NAME }))
      .willRespondWith(400, failure(M.string("invalid_request"), messageStartingWith("[InvalidParameter", "[InvalidParameter] URL must be an http(s) URL, a data URI or base64.")))
      .executeTest(async (mock) => {
        const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.createAsset({ GroupId: EXAMPLE_GROUP_ID, URL: "not a url!", AssetType: "Image", Name: ASSET_NAME })));
        expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", httpStatus: 400, gatewayCode: "InvalidParameter" });
      }));

  // Real-person verification (./visual-validate-contract.ts): a "Byteplus-Direct" token, the `model` field as on every call.
  visualValidateContract(gateway, pact, { request: (action, body) => ({ path: path(action), build: call({ model: MODEL, ...body }) }), ok });
});
