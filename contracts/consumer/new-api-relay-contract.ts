/**
 * The consumer contract shared by the gateways that relay the native asset API behind a Bearer key through new-api
 * (../../provider/gateways/new-api-relay.ts): native PascalCase bodies and the native `{ResponseMetadata, Result}`
 * answers passed through, the gateway's own failures (bad key, throttling) in new-api's `{"error": {…}}` shape.
 * gogogotoken (`/v1/seedance/asset/<Action>`, docs.gogogotoken.com/assets.md) and doubao-open (`/doubao/open/<Action>`,
 * QuantumNous/new-api PR #5656) differ in their paths and in which deletes they serve: each consumer test file calls
 * `newApiRelayContract` and adds its own interactions in `more` (it is the only writer of its pact).
 */
import { MatchersV3 as M } from "@pact-foundation/pact";
import type { V4RequestBuilder, V4ResponseBuilder } from "./support.js";
import { describe, expect, it } from "vitest";
import type { Action } from "../../provider/api.js";
import type { GatewayName } from "../../provider/gateways/index.js";
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
  presignedUrl,
  requestId,
  listedAssetType,
} from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES } from "../lib/states.js";
import { pactFor, publishPactWhenComplete, rejectionOf, withClient } from "./support.js";

/** What a relay's contract needs to know of its gateway. */
export interface NewApiRelayOptions {
  gateway: GatewayName;
  /** The describe title, e.g. "gogogotoken (Bearer, /v1/seedance/asset/<Action>, no deletes)". */
  title: string;
  /** The path of an Action below the base URL, e.g. `/v1/seedance/asset/CreateAsset`. */
  path: (action: Action) => string;
  /** Why ListAssets filters by group only, e.g. "the gateway documents no status filter". */
  listAssetsNote: string;
  /** The gateway's own interactions (its deletes, or the refusal of those it lacks), inside the same describe. */
  more: (tools: RelayTools) => void;
}

/** What `more` gets to add interactions with. */
export interface RelayTools {
  pact: ReturnType<typeof pactFor>;
  path: (action: Action) => string;
  call: (body: unknown) => (b: V4RequestBuilder) => void;
}

/** Declares the shared interactions of a new-api relay gateway (one describe), then the gateway's own (`more`). */
export function newApiRelayContract(options: NewApiRelayOptions): void {
  const { gateway, path } = options;
  const pact = pactFor(gateway);
  const GROUP_NAME = "pact-contract-group";
  const ASSET_NAME = "pact-contract-asset";
  const SOURCE_URL = "https://example.com/pact-contract.png";

  const call = (body: unknown) => (b: V4RequestBuilder) => {
    b.headers({ "Content-Type": "application/json", Authorization: bearer() }).jsonBody(body);
  };
  const ok = (result: unknown) => (b: V4ResponseBuilder) => {
    b.jsonBody({ ResponseMetadata: { RequestId: requestId() }, Result: result });
  };
  const nativeFailure = (code: unknown, text: string) => (b: V4ResponseBuilder) => {
    b.jsonBody({ ResponseMetadata: { RequestId: requestId(), Error: { Code: code, Message: message(text) } } });
  };
  const ownFailure = (code: string, text: string) => (b: V4ResponseBuilder) => {
    b.jsonBody({ error: { message: message(text), code: M.string(code) } });
  };

  describe(options.title, () => {
    publishPactWhenComplete(gateway);

    it("CreateAssetGroup answers the new group's Id", () =>
      pact
        .addInteraction()
        .uponReceiving(named("CreateAssetGroup", "a new asset group"))
        .withRequest("POST", path("CreateAssetGroup"), call({ Name: GROUP_NAME, Description: "Created by the contract suite" }))
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
        .withRequest("POST", path("CreateAsset"), call({ GroupId: groupIdFromState(), URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }))
        .willRespondWith(200, ok({ Id: assetId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) => c.createAsset({ GroupId: EXAMPLE_GROUP_ID, URL: SOURCE_URL, AssetType: "Image", Name: ASSET_NAME }));
          expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
        }));

    it("GetAsset of an Active asset", () =>
      pact
        .addInteraction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("GetAsset", "an Active asset"))
        .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
        .willRespondWith(
          200,
          ok({ Id: assetId(), Name: M.string(ASSET_NAME), URL: presignedUrl(), AssetType: "Image", GroupId: groupId(), Status: "Active", CreateTime: isoTime(), UpdateTime: isoTime() }),
        )
        .executeTest(async (mock) => {
          const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
          expect(asset).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active" });
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
        .given(STATES.assetExists, { status: "Failed", errorCode: "DurationTooLong", assetType: "Video" })
        .uponReceiving(named("GetAsset", "a Failed asset"))
        .withRequest("POST", path("GetAsset"), call({ Id: assetIdFromState() }))
        .willRespondWith(200, ok({ Id: assetId(), AssetType: "Video", Status: "Failed", Error: { Code: "DurationTooLong", Message: message("The video is longer than 15 s.") } }))
        .executeTest(async (mock) => {
          expect(await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }))).toMatchObject({ Status: "Failed", Error: { Code: "DurationTooLong" } });
        }));

    it("GetAssetGroup", () =>
      pact
        .addInteraction()
        .given(STATES.groupExists)
        .uponReceiving(named("GetAssetGroup", "an existing group"))
        .withRequest("POST", path("GetAssetGroup"), call({ Id: groupIdFromState() }))
        .willRespondWith(200, ok({ Id: groupId(), Name: M.string(GROUP_NAME), Description: M.string("Seeded by the contract suite"), GroupType: "AIGC" }))
        .executeTest(async (mock) => {
          expect(await withClient(gateway, mock.url, (c) => c.getAssetGroup({ Id: EXAMPLE_GROUP_ID }))).toMatchObject({ Id: EXAMPLE_GROUP_ID, GroupType: "AIGC" });
        }));

    it(`ListAssets filters by group (${options.listAssetsNote})`, () =>
      pact
        .addInteraction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("ListAssets", "the assets of a group"))
        .withRequest("POST", path("ListAssets"), call({ Filter: { GroupIds: [groupIdFromState()], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }))
        .willRespondWith(
          200,
          ok({
            Items: M.eachLike({ Id: assetId(), Name: M.string(ASSET_NAME), AssetType: listedAssetType(), GroupId: groupId(), Status: M.regex(/^(Active|Processing|Failed)$/, "Active") }),
            TotalCount: M.integer(1),
            PageNumber: M.integer(1),
            PageSize: M.integer(10),
          }),
        )
        .executeTest(async (mock) => {
          const page = await withClient(gateway, mock.url, (c) => c.listAssets({ Filter: { GroupIds: [EXAMPLE_GROUP_ID], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }));
          expect(page.Items[0]).toMatchObject({ Id: EXAMPLE_ASSET_ID });
        }));

    it("ListAssetGroups filters by id and type", () =>
      pact
        .addInteraction()
        .given(STATES.groupExists)
        .uponReceiving(named("ListAssetGroups", "an AIGC group by id"))
        .withRequest("POST", path("ListAssetGroups"), call({ Filter: { GroupIds: [groupIdFromState()], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }))
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
        .withRequest("POST", path("UpdateAsset"), call({ Id: assetIdFromState(), Name: `${ASSET_NAME}-renamed` }))
        .willRespondWith(200, ok({ Id: assetId() }))
        .executeTest(async (mock) => {
          expect(await withClient(gateway, mock.url, (c) => c.updateAsset({ Id: EXAMPLE_ASSET_ID, Name: `${ASSET_NAME}-renamed` }))).toEqual({ Id: EXAMPLE_ASSET_ID });
        }));

    it("UpdateAssetGroup changes name and description", () =>
      pact
        .addInteraction()
        .given(STATES.groupExists)
        .uponReceiving(named("UpdateAssetGroup", "a new name and description"))
        .withRequest("POST", path("UpdateAssetGroup"), call({ Id: groupIdFromState(), Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }))
        .willRespondWith(200, ok({ Id: groupId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) =>
            c.updateAssetGroup({ Id: EXAMPLE_GROUP_ID, Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }),
          );
          expect(result).toEqual({ Id: EXAMPLE_GROUP_ID });
        }));

    it("an unknown id is NotFound in the native envelope", () =>
      pact
        .addInteraction()
        .given(STATES.nothingExists, { assetId: ABSENT_ASSET_ID })
        .uponReceiving(named("GetAsset", "an id that does not exist"))
        .withRequest("POST", path("GetAsset"), call({ Id: ABSENT_ASSET_ID }))
        // Exactly the documented code: it is what makes the client (and `pulumi refresh`) treat the asset as gone.
        .willRespondWith(404, nativeFailure("NotFound.asset_id", `The asset ${ABSENT_ASSET_ID} does not exist.`))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", kind: "NotFound", httpStatus: 404, gatewayCode: "NotFound.asset_id", gone: "asset" });
        }));

    it("an unknown key is 401 in the gateway's own shape", () =>
      pact
        .addInteraction()
        .given(STATES.badCredentials)
        .uponReceiving(named("ListAssetGroups", "an unknown API key"))
        .withRequest("POST", path("ListAssetGroups"), call({ Filter: { GroupType: "AIGC" } }))
        .willRespondWith(401, ownFailure("invalid_api_key", "The API key is not valid."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.listAssetGroups({ Filter: { GroupType: "AIGC" } })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNAUTHORIZED", kind: "Unauthorized", httpStatus: 401 });
        }));

    it("throttling is 429 in the gateway's own shape", () =>
      pact
        .addInteraction()
        .given(STATES.throttled, { action: "GetAsset" })
        .uponReceiving(named("GetAsset", "over the rate limit"))
        .withRequest("POST", path("GetAsset"), call({ Id: ABSENT_ASSET_ID }))
        .willRespondWith(429, ownFailure("rate_limit_exceeded", "Request rate limit exceeded."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", kind: "Throttled", httpStatus: 429 });
        }));

    it("rejected parameters are InvalidParameter (400) in the native envelope", () =>
      pact
        .addInteraction()
        .given(STATES.groupExists)
        .given(STATES.rejectsParameters, { code: "InvalidParameter" })
        .uponReceiving(named("UpdateAssetGroup", "parameters the gateway rejects"))
        .withRequest("POST", path("UpdateAssetGroup"), call({ Id: groupIdFromState(), Name: `${GROUP_NAME}-renamed` }))
        .willRespondWith(400, nativeFailure(M.regex(/^InvalidParameter(\.\w+)?$/, "InvalidParameter"), "The parameter Name is invalid."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.updateAssetGroup({ Id: EXAMPLE_GROUP_ID, Name: `${GROUP_NAME}-renamed` })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", httpStatus: 400, gatewayCode: "InvalidParameter" });
        }));

    options.more({ pact, path, call });
  });
}
