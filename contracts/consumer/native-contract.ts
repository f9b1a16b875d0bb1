/**
 * The contract of the native API, shared by volcengine.consumer.test.ts and byteplus.consumer.test.ts (one test
 * file, hence one pact writer, per gateway): `POST /?Action=<Action>&Version=2024-01-01` with a signed PascalCase
 * JSON body; answers `{ResponseMetadata: {RequestId}, Result}`; failures `ResponseMetadata.Error{Code, Message}`.
 * Sources (official pages quoted by byteplus-sa/ark-mcp, and live reports) are named per behaviour in
 * provider/gateways/native.ts; here: `Filter.GroupType` on every list call, `InvalidParameter.AssetID` for a
 * malformed id, the account codes (`SubscriptionRequired`, `AccessDenied`, `QuotaExceeded` — the last unverified),
 * and at BytePlus `Moderation`, `LastInferenceTime`, cursor paging and the `X-Tt-Logid` header.
 */
import { MatchersV3 as M } from "@pact-foundation/pact";
import type { V4ResponseBuilder, V4RequestBuilder } from "./support.js";
import { describe, expect, it } from "vitest";
import type { Action } from "../../provider/api.js";
import { getDialect } from "../../provider/gateways/index.js";
import { NATIVE_VERSION } from "../../provider/gateways/native.js";
import {
  ABSENT_ASSET_ID,
  ABSENT_GROUP_ID,
  assetId,
  assetIdFromState,
  EXAMPLE_ASSET_ID,
  EXAMPLE_GROUP_ID,
  groupId,
  groupIdFromState,
  hmacAuthorization,
  isoTime,
  message,
  presignedUrl,
  requestId,
  sha256Hex,
  xDate,
  listedAssetType,
} from "../lib/matchers.js";
import { interactionName as named } from "../lib/names.js";
import { STATES, type AccountStateParams } from "../lib/states.js";
import { pactFor, publishPactWhenComplete, rejectionOf, withClient } from "./support.js";
import { visualValidateContract } from "./visual-validate-contract.js";

type NativeGateway = "volcengine" | "byteplus";

const GROUP_NAME = "pact-contract-group";
const ASSET_NAME = "pact-contract-asset";
const SOURCE_URL = "https://example.com/pact-contract.png";

/** Declares the native contract of `gateway` (call inside a test file's top level). */
export function nativeContract(gateway: NativeGateway): void {
  const region = getDialect(gateway).defaults.region!;
  const pact = pactFor(gateway);

  const signed = {
    "Content-Type": "application/json",
    Authorization: hmacAuthorization(region),
    "X-Date": xDate(),
    "X-Content-Sha256": sha256Hex(),
  };
  const call =
    (action: Action, body: unknown, version = NATIVE_VERSION) =>
    (b: V4RequestBuilder) => {
      b.query({ Action: action, Version: version }).headers(signed).jsonBody(body);
    };
  const ok = (result?: unknown) => (b: V4ResponseBuilder) => {
    b.jsonBody({ ResponseMetadata: { RequestId: requestId() }, ...(result === undefined ? {} : { Result: result }) });
  };
  const failure = (code: unknown, text: string) => (b: V4ResponseBuilder) => {
    b.jsonBody({ ResponseMetadata: { RequestId: requestId(), Error: { Code: code, Message: message(text) } } });
  };
  const interaction = () => pact.addInteraction();
  const isBytePlus = gateway === "byteplus";
  /** BytePlus returns its request id in `X-Tt-Logid` too (byteplus-sa/ark-mcp `openapi.py`). */
  const withLogid = (b: V4ResponseBuilder) => {
    if (isBytePlus) b.headers({ "X-Tt-Logid": requestId() });
  };

  describe(`${gateway} (native API, ${region})`, () => {
    publishPactWhenComplete(gateway);

    it("CreateAssetGroup answers the new group's Id", () =>
      interaction()
        .uponReceiving(named("CreateAssetGroup", "a new asset group"))
        .withRequest("POST", "/", call("CreateAssetGroup", { Name: GROUP_NAME, Description: "Created by the contract suite" }))
        .willRespondWith(200, ok({ Id: groupId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) => c.createAssetGroup({ Name: GROUP_NAME, Description: "Created by the contract suite" }));
          expect(result).toEqual({ Id: EXAMPLE_GROUP_ID });
        }));

    it("CreateAsset answers the new asset's Id", () => {
      const body = {
        GroupId: groupIdFromState(),
        URL: SOURCE_URL,
        AssetType: "Image",
        Name: ASSET_NAME,
        ...(gateway === "byteplus" ? { Moderation: { Strategy: "Default" } } : {}),
      };
      return interaction()
        .given(STATES.groupExists)
        .uponReceiving(named("CreateAsset", "an image from a public URL"))
        .withRequest("POST", "/", call("CreateAsset", body))
        .willRespondWith(200, ok({ Id: assetId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) =>
            c.createAsset({
              GroupId: EXAMPLE_GROUP_ID,
              URL: SOURCE_URL,
              AssetType: "Image",
              Name: ASSET_NAME,
              ...(gateway === "byteplus" ? { Moderation: { Strategy: "Default" as const } } : {}),
            }),
          );
          expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
        });
    });

    it("GetAsset of an Active asset answers its presigned URL", () =>
      interaction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("GetAsset", "an Active asset"))
        .withRequest("POST", "/", call("GetAsset", { Id: assetIdFromState() }))
        .willRespondWith(
          200,
          ok({
            Id: assetId(),
            Name: M.string(ASSET_NAME),
            URL: presignedUrl(),
            AssetType: "Image",
            GroupId: groupId(),
            Status: "Active",
            CreateTime: isoTime(),
            UpdateTime: isoTime(),
            // BytePlus also answers the moderation strategy (byteplus-sa/ark-mcp SPEC: GetAsset "also contained … Moderation").
            ...(isBytePlus ? { Moderation: { Strategy: M.string("Default") } } : {}),
          }),
        )
        .executeTest(async (mock) => {
          const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
          expect(asset).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active", AssetType: "Image", GroupId: EXAMPLE_GROUP_ID });
          expect(asset.URL).toMatch(/^https:\/\//);
          if (isBytePlus) expect(asset.Moderation).toEqual({ Strategy: "Default" });
        }));

    if (isBytePlus) {
      it("GetAsset of an asset a generation task used answers LastInferenceTime", () =>
        interaction()
          .given(STATES.assetExists, { status: "Active", lastInferenceTime: "2026-08-01T10:00:00Z" })
          .uponReceiving(named("GetAsset", "an asset a generation task used"))
          .withRequest("POST", "/", call("GetAsset", { Id: assetIdFromState() }))
          .willRespondWith(200, ok({ Id: assetId(), AssetType: "Image", Status: "Active", Moderation: { Strategy: M.string("Default") }, LastInferenceTime: isoTime("2026-08-01T10:00:00Z") }))
          .executeTest(async (mock) => {
            const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
            expect(asset).toMatchObject({ Status: "Active", LastInferenceTime: "2026-08-01T10:00:00Z", Moderation: { Strategy: "Default" } });
          }));
    }

    it("GetAsset of a Processing asset", () =>
      interaction()
        .given(STATES.assetExists, { status: "Processing" })
        .uponReceiving(named("GetAsset", "a Processing asset"))
        .withRequest("POST", "/", call("GetAsset", { Id: assetIdFromState() }))
        .willRespondWith(200, ok({ Id: assetId(), AssetType: "Image", Status: "Processing" }))
        .executeTest(async (mock) => {
          const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
          expect(asset.Status).toBe("Processing");
        }));

    it("GetAsset of a Failed asset answers its error code", () =>
      interaction()
        .given(STATES.assetExists, { status: "Failed", errorCode: "DurationTooLong", assetType: "Video" })
        .uponReceiving(named("GetAsset", "a Failed asset"))
        .withRequest("POST", "/", call("GetAsset", { Id: assetIdFromState() }))
        .willRespondWith(
          200,
          ok({ Id: assetId(), AssetType: "Video", Status: "Failed", Error: { Code: "DurationTooLong", Message: message("The video is longer than 15 s.") } }),
        )
        .executeTest(async (mock) => {
          const asset = await withClient(gateway, mock.url, (c) => c.getAsset({ Id: EXAMPLE_ASSET_ID }));
          expect(asset).toMatchObject({ Status: "Failed", Error: { Code: "DurationTooLong" } });
        }));

    it("GetAssetGroup answers the group", () =>
      interaction()
        .given(STATES.groupExists)
        .uponReceiving(named("GetAssetGroup", "an existing group"))
        .withRequest("POST", "/", call("GetAssetGroup", { Id: groupIdFromState() }))
        .willRespondWith(
          200,
          ok({ Id: groupId(), Name: M.string(GROUP_NAME), Description: M.string("Seeded by the contract suite"), GroupType: "AIGC", CreateTime: isoTime(), UpdateTime: isoTime() }),
        )
        .executeTest(async (mock) => {
          const group = await withClient(gateway, mock.url, (c) => c.getAssetGroup({ Id: EXAMPLE_GROUP_ID }));
          expect(group).toMatchObject({ Id: EXAMPLE_GROUP_ID, GroupType: "AIGC" });
        }));

    it("ListAssets filters by group and status", () =>
      interaction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("ListAssets", "the Active assets of a group"))
        // The client always names the group type (Filter.GroupType is required upstream): AIGC unless asked otherwise.
        .withRequest("POST", "/", call("ListAssets", { Filter: { GroupIds: [groupIdFromState()], Statuses: ["Active"], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }))
        .willRespondWith(
          200,
          ok({
            Items: M.eachLike({ Id: assetId(), Name: M.string(ASSET_NAME), URL: presignedUrl(), AssetType: listedAssetType(), GroupId: groupId(), Status: M.equal("Active") }),
            TotalCount: M.integer(1),
            PageNumber: M.integer(1),
            PageSize: M.integer(10),
          }),
        )
        .executeTest(async (mock) => {
          const page = await withClient(gateway, mock.url, (c) =>
            c.listAssets({ Filter: { GroupIds: [EXAMPLE_GROUP_ID], Statuses: ["Active"] }, PageNumber: 1, PageSize: 10 }),
          );
          expect(page.Items[0]).toMatchObject({ Id: EXAMPLE_ASSET_ID, Status: "Active" });
          expect(page.TotalCount).toBe(1);
        }));

    it("ListAssetGroups filters by id and type", () =>
      interaction()
        .given(STATES.groupExists)
        .uponReceiving(named("ListAssetGroups", "an AIGC group by id"))
        .withRequest("POST", "/", call("ListAssetGroups", { Filter: { GroupIds: [groupIdFromState()], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }))
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
          const page = await withClient(gateway, mock.url, (c) =>
            c.listAssetGroups({ Filter: { GroupIds: [EXAMPLE_GROUP_ID], GroupType: "AIGC" }, PageNumber: 1, PageSize: 10 }),
          );
          expect(page.Items[0]).toMatchObject({ Id: EXAMPLE_GROUP_ID, GroupType: "AIGC" });
        }));

    if (isBytePlus) {
      it("ListAssets pages by cursor: MaxResults in, Items (and NextToken while more remain) out", () =>
        interaction()
          .given(STATES.assetExists, { status: "Active" })
          .uponReceiving(named("ListAssets", "a page by cursor"))
          .withRequest("POST", "/", call("ListAssets", { Filter: { GroupIds: [groupIdFromState()], GroupType: "AIGC" }, MaxResults: 100 }))
          .willRespondWith(200, ok({ Items: M.eachLike({ Id: assetId(), AssetType: listedAssetType(), GroupId: groupId(), Status: M.equal("Active") }) }))
          .executeTest(async (mock) => {
            const ids: string[] = [];
            // The iterator uses the cursor at BytePlus; one page without NextToken ends the listing.
            await withClient(gateway, mock.url, async (c) => {
              for await (const asset of c.listAllAssets({ Filter: { GroupIds: [EXAMPLE_GROUP_ID] } })) ids.push(asset.Id);
            });
            expect(ids).toEqual([EXAMPLE_ASSET_ID]);
          }));
    }

    it("UpdateAsset renames an asset", () =>
      interaction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("UpdateAsset", "a new name"))
        .withRequest("POST", "/", call("UpdateAsset", { Id: assetIdFromState(), Name: `${ASSET_NAME}-renamed` }))
        .willRespondWith(200, ok({ Id: assetId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) => c.updateAsset({ Id: EXAMPLE_ASSET_ID, Name: `${ASSET_NAME}-renamed` }));
          expect(result).toEqual({ Id: EXAMPLE_ASSET_ID });
        }));

    it("UpdateAssetGroup changes name and description", () =>
      interaction()
        .given(STATES.groupExists)
        .uponReceiving(named("UpdateAssetGroup", "a new name and description"))
        .withRequest("POST", "/", call("UpdateAssetGroup", { Id: groupIdFromState(), Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }))
        .willRespondWith(200, ok({ Id: groupId() }))
        .executeTest(async (mock) => {
          const result = await withClient(gateway, mock.url, (c) =>
            c.updateAssetGroup({ Id: EXAMPLE_GROUP_ID, Name: `${GROUP_NAME}-renamed`, Description: "Renamed by the contract suite" }),
          );
          expect(result).toEqual({ Id: EXAMPLE_GROUP_ID });
        }));

    it("DeleteAsset", () =>
      interaction()
        .given(STATES.assetExists, { status: "Active" })
        .uponReceiving(named("DeleteAsset", "an existing asset"))
        .withRequest("POST", "/", call("DeleteAsset", { Id: assetIdFromState() }))
        .willRespondWith(200, ok())
        .executeTest(async (mock) => {
          expect(await withClient(gateway, mock.url, (c) => c.deleteAsset({ Id: EXAMPLE_ASSET_ID }))).toEqual({});
        }));

    it("DeleteAssetGroup", () =>
      interaction()
        .given(STATES.groupExists)
        .uponReceiving(named("DeleteAssetGroup", "an existing group"))
        .withRequest("POST", "/", call("DeleteAssetGroup", { Id: groupIdFromState() }))
        .willRespondWith(200, ok())
        .executeTest(async (mock) => {
          expect(await withClient(gateway, mock.url, (c) => c.deleteAssetGroup({ Id: EXAMPLE_GROUP_ID }))).toEqual({});
        }));

    it("GetAsset of an unknown id is NotFound", () =>
      interaction()
        .given(STATES.nothingExists, { assetId: ABSENT_ASSET_ID })
        .uponReceiving(named("GetAsset", "an id that does not exist"))
        .withRequest("POST", "/", call("GetAsset", { Id: ABSENT_ASSET_ID }))
        .willRespondWith(404, (b) => {
          failure(M.regex(/^NotFound(\.\w+)?$/, "NotFound.asset_id"), `The asset ${ABSENT_ASSET_ID} does not exist.`)(b);
          withLogid(b);
        })
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", kind: "NotFound", httpStatus: 404, gatewayCode: "NotFound.asset_id" });
          expect(error["requestId"]).toBeTypeOf("string");
        }));

    it("GetAsset of a malformed id is InvalidParameter.AssetID, not NotFound", () =>
      interaction()
        .given(STATES.nothingExists, { assetId: "asset-fake-nonexistent-id" })
        .uponReceiving(named("GetAsset", "a malformed id"))
        .withRequest("POST", "/", call("GetAsset", { Id: "asset-fake-nonexistent-id" }))
        .willRespondWith(400, failure("InvalidParameter.AssetID", "Id is Invalid"))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: "asset-fake-nonexistent-id" })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", httpStatus: 400, gatewayCode: "InvalidParameter.AssetID" });
        }));

    const restricted: { state: AccountStateParams["state"]; action: "CreateAssetGroup" | "ListAssetGroups"; description: string; code: string; text: string }[] = [
      { state: "subscriptionRequired", action: "ListAssetGroups", description: "an account without an active subscription", code: "SubscriptionRequired", text: "This API requires an active subscription." },
      { state: "authorizationUnsigned", action: "ListAssetGroups", description: "an account whose authorization letter is unsigned", code: "AccessDenied", text: "The authorization letter has not been signed." },
      // Unverified upstream (the code is named by clients, its status is a guess: emulator/account.ts).
      { state: "quotaExceeded", action: "CreateAssetGroup", description: "an account over its quota", code: "QuotaExceeded", text: "The asset group quota is used up." },
    ];
    for (const r of restricted) {
      it(`${r.description} is Forbidden with ${r.code} (403)`, () =>
        interaction()
          .given(STATES.accountRestricted, { state: r.state })
          .uponReceiving(named(r.action, r.description))
          .withRequest("POST", "/", call(r.action, r.action === "CreateAssetGroup" ? { Name: GROUP_NAME } : { Filter: { GroupType: "AIGC" } }))
          .willRespondWith(403, failure(r.code, r.text))
          .executeTest(async (mock) => {
            const error = await rejectionOf(
              withClient<unknown>(gateway, mock.url, (c) => (r.action === "CreateAssetGroup" ? c.createAssetGroup({ Name: GROUP_NAME }) : c.listAssetGroups({ Filter: {} }))),
            );
            expect(error).toMatchObject({ code: "SEEDANCE_ERR_FORBIDDEN", kind: "Forbidden", httpStatus: 403, gatewayCode: r.code });
          }));
    }

    it("GetAssetGroup of an unknown id is NotFound", () =>
      interaction()
        .given(STATES.nothingExists, { groupId: ABSENT_GROUP_ID })
        .uponReceiving(named("GetAssetGroup", "an id that does not exist"))
        .withRequest("POST", "/", call("GetAssetGroup", { Id: ABSENT_GROUP_ID }))
        .willRespondWith(404, failure(M.regex(/^NotFound(\.\w+)?$/, "NotFound.group_id"), `The asset group ${ABSENT_GROUP_ID} does not exist.`))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAssetGroup({ Id: ABSENT_GROUP_ID })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_NOT_FOUND", gatewayCode: "NotFound.group_id" });
        }));

    it("a wrong signature is Unauthorized", () =>
      interaction()
        .given(STATES.badCredentials)
        .uponReceiving(named("ListAssetGroups", "a request signed with a wrong secret key"))
        .withRequest("POST", "/", call("ListAssetGroups", { Filter: { GroupType: "AIGC" } }))
        .willRespondWith(401, failure("SignatureDoesNotMatch", "The request signature does not match."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.listAssetGroups({ Filter: { GroupType: "AIGC" } })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_UNAUTHORIZED", kind: "Unauthorized", httpStatus: 401, gatewayCode: "SignatureDoesNotMatch" });
        }));

    it("throttling is FlowLimitExceeded (429)", () =>
      interaction()
        .given(STATES.throttled, { action: "GetAsset" })
        .uponReceiving(named("GetAsset", "over the rate limit"))
        .withRequest("POST", "/", call("GetAsset", { Id: ABSENT_ASSET_ID }))
        .willRespondWith(429, failure("FlowLimitExceeded", "Request rate limit exceeded."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.getAsset({ Id: ABSENT_ASSET_ID })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_THROTTLED", kind: "Throttled", httpStatus: 429, gatewayCode: "FlowLimitExceeded" });
        }));

    it("rejected parameters are InvalidParameter (400)", () =>
      interaction()
        .given(STATES.groupExists)
        .given(STATES.rejectsParameters, { code: "InvalidParameter" })
        .uponReceiving(named("UpdateAssetGroup", "parameters the gateway rejects"))
        .withRequest("POST", "/", call("UpdateAssetGroup", { Id: groupIdFromState(), Name: `${GROUP_NAME}-renamed` }))
        .willRespondWith(400, failure(M.regex(/^InvalidParameter(\.\w+)?$/, "InvalidParameter"), "The parameter Name is invalid."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.updateAssetGroup({ Id: EXAMPLE_GROUP_ID, Name: `${GROUP_NAME}-renamed` })));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", httpStatus: 400, gatewayCode: "InvalidParameter" });
        }));

    it("an unknown API Version is InvalidActionOrVersion", () =>
      interaction()
        .uponReceiving(named("ListAssetGroups", "an API Version the gateway does not serve"))
        .withRequest("POST", "/", call("ListAssetGroups", { Filter: { GroupType: "AIGC" } }, "2020-01-01"))
        .willRespondWith(404, failure("InvalidActionOrVersion", "The action or version is invalid."))
        .executeTest(async (mock) => {
          const error = await rejectionOf(withClient(gateway, mock.url, (c) => c.listAssetGroups({ Filter: { GroupType: "AIGC" } }), { version: "2020-01-01" }));
          expect(error).toMatchObject({ code: "SEEDANCE_ERR_INVALID_PARAMETER", kind: "InvalidParameter", httpStatus: 404, gatewayCode: "InvalidActionOrVersion" });
        }));

    // Real-person verification (./visual-validate-contract.ts).
    visualValidateContract(gateway, pact, { request: (action, body) => ({ path: "/", build: call(action, body) }), ok: (result) => ok(result) });
  });
}
