/**
 * The canonical asset API: the ten Actions of the native Volcengine Ark / BytePlus ModelArk asset library
 * (Version 2024-01-01) and the two of real-person verification (VISUAL_VALIDATE_ACTIONS), with their request and
 * result shapes as zod schemas.
 *
 * Every gateway dialect (./gateways) translates between this canonical form and its own wire format, so the
 * client, the emulator and the resources all speak one language. Field names and casing are the native API's
 * (PascalCase), from byteplus-sa/ark-mcp `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md` and the native schema mirrored at
 * cloud.baidu.com/doc/qianfan-multimodal/s/Bmryomw71 (docs/sources.md, "The native asset API").
 */
import { z } from "zod";

/** Every Action of the asset library, in the order the native documentation lists them. */
export const ACTIONS = [
  "CreateAssetGroup",
  "CreateAsset",
  "GetAsset",
  "GetAssetGroup",
  "ListAssets",
  "ListAssetGroups",
  "UpdateAsset",
  "UpdateAssetGroup",
  "DeleteAsset",
  "DeleteAssetGroup",
] as const;

/**
 * The two Actions of real-person verification, the only way a `LivenessFace` group comes to exist: the person opens
 * the H5 link of CreateVisualValidateSession on a phone and passes a liveness check; GetVisualValidateResult then
 * answers the new group's id. Sources: byteplus-sa/ark-mcp `src/ark_mcp/providers/modelark/assets.py` and
 * `docs/assets.md`; volcengine.com/docs/82379/2318272; docs.byteplus.com/en/docs/ModelArk/2333589. Served by the
 * native gateways and by Anyfast (`capabilities.actions`); other gateways answer UnsupportedAction before sending.
 */
export const VISUAL_VALIDATE_ACTIONS = ["CreateVisualValidateSession", "GetVisualValidateResult"] as const;
export type VisualValidateAction = (typeof VISUAL_VALIDATE_ACTIONS)[number];

/** Every Action a dialect may serve: the ten asset-library Actions plus real-person verification. */
export const ALL_ACTIONS = [...ACTIONS, ...VISUAL_VALIDATE_ACTIONS] as const;
/** An Action of the canonical API (`ACTIONS` or `VISUAL_VALIDATE_ACTIONS`). */
export type Action = (typeof ALL_ACTIONS)[number];

/** Actions that change remote state. They are never retried after an ambiguous failure (the call may have landed). */
export const MUTATING_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  "CreateAssetGroup",
  "CreateAsset",
  "UpdateAsset",
  "UpdateAssetGroup",
  "DeleteAsset",
  "DeleteAssetGroup",
  // ark-mcp SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md: a 5xx on CreateVisualValidateSession is ambiguous, never retried.
  "CreateVisualValidateSession",
]);

/**
 * `Document` exists only at GlobalAiOpc (docs.globalaiopc.com/en/api-reference/video/seedance2/seedance2-asset-upload);
 * the native API knows Image, Video and Audio.
 */
export const AssetTypeSchema = z.enum(["Image", "Video", "Audio", "Document"]);
export type AssetType = z.infer<typeof AssetTypeSchema>;

/** `Processing` until the service has fetched and checked the media; `Failed` is final (delete and create again). */
export const AssetStatusSchema = z.enum(["Processing", "Active", "Failed"]);
export type AssetStatus = z.infer<typeof AssetStatusSchema>;

/**
 * Create accepts only `AIGC`; `LivenessFace` (real-person) groups are made only by verification
 * (VISUAL_VALIDATE_ACTIONS) and are returned by Get/List (not by Anyfast's lists: `capabilities.hidesLivenessFace`).
 */
export const GroupTypeSchema = z.enum(["AIGC", "LivenessFace"]);
export type GroupType = z.infer<typeof GroupTypeSchema>;

const ProjectName = z.string().min(1).max(64).optional();
const Id = z.string().min(1);
const PageNumber = z.number().int().min(1).optional();
const PageSize = z.number().int().min(1).max(100).optional();
const SortBy = z.enum(["CreateTime", "UpdateTime"]).optional();
/**
 * ListAssets also sorts by `GroupId` (cloud.baidu.com/doc/qianfan-multimodal/s/Bmryomw71, a mirror of the native
 * schema; docs.orcarouter.ai; docs.easyrouter.io).
 */
const AssetSortBy = z.enum(["CreateTime", "UpdateTime", "GroupId"]).optional();
/**
 * Cursor paging (BytePlus, `Capabilities.cursorPaging`): `MaxResults` items per page, then the `NextToken` of the
 * previous answer. Cannot be mixed with PageNumber/PageSize. Source: byteplus-sa/ark-mcp
 * `specs/SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md` (ListAssetGroups with `MaxResults` → `Result.NextToken`).
 * Guess: the same 1–100 bound as PageSize.
 */
const MaxResults = z.number().int().min(1).max(100).optional();
const NextToken = z.string().min(1).optional();
const SortOrder = z.enum(["Desc", "Asc"]).optional();

/**
 * A file to upload in the request body instead of a URL (Anyfast's multipart `file`: the volc-asset-create-video
 * OpenAPI of docs.anyfast.ai and the docs.anyfast.com.cn asset guide).
 * `data` is the raw bytes; `fileName` is sent as the part's file name.
 */
export const UploadFileSchema = z.object({
  fileName: z.string().min(1),
  contentType: z.string().min(1),
  data: z.instanceof(Uint8Array),
});
export type UploadFile = z.infer<typeof UploadFileSchema>;

/** Canonical request of each Action. */
export const RequestSchemas = {
  CreateAssetGroup: z.object({
    Name: z.string().min(1).max(64),
    Description: z.string().max(300).optional(),
    GroupType: z.literal("AIGC").optional(),
    ProjectName,
  }),
  CreateAsset: z.object({
    /** Required where the gateway has groups (capabilities.groups). */
    GroupId: Id.optional(),
    /** A public URL, or (where the gateway takes them) a data URI or bare base64. Absent when `File` is sent. */
    URL: z.string().min(1).optional(),
    /** Multipart upload, where the gateway takes it. */
    File: UploadFileSchema.optional(),
    AssetType: AssetTypeSchema,
    Name: z.string().max(64).optional(),
    /** BytePlus only. */
    Moderation: z.object({ Strategy: z.enum(["Default", "Skip"]) }).optional(),
    ProjectName,
  }),
  GetAsset: z.object({ Id, ProjectName }),
  GetAssetGroup: z.object({ Id, ProjectName }),
  ListAssets: z.object({
    Filter: z.object({
      GroupIds: z.array(Id).optional(),
      GroupType: GroupTypeSchema.optional(),
      Statuses: z.array(AssetStatusSchema).optional(),
      Name: z.string().optional(),
    }),
    PageNumber,
    PageSize,
    SortBy: AssetSortBy,
    SortOrder,
    MaxResults,
    NextToken,
    ProjectName,
  }),
  ListAssetGroups: z.object({
    Filter: z.object({
      GroupIds: z.array(Id).optional(),
      GroupType: GroupTypeSchema.optional(),
      Name: z.string().optional(),
    }),
    PageNumber,
    PageSize,
    SortBy,
    SortOrder,
    MaxResults,
    NextToken,
    ProjectName,
  }),
  UpdateAsset: z.object({ Id, Name: z.string().min(1).max(64), ProjectName }),
  UpdateAssetGroup: z.object({
    Id,
    Name: z.string().min(1).max(64).optional(),
    Description: z.string().max(300).optional(),
    ProjectName,
  }),
  DeleteAsset: z.object({ Id, ProjectName }),
  DeleteAssetGroup: z.object({ Id, ProjectName }),
  /**
   * `CallbackURL`: where the H5 page sends the person's browser when they finish, with `bytedToken` and
   * `resultCode` (10000 = success) appended (ark-mcp `_asset_models.py`). Anyfast's schema marks it optional but an
   * empty body is rejected live (baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md`), so it is required.
   */
  CreateVisualValidateSession: z.object({ CallbackURL: z.string().url(), ProjectName }),
  /** `BytedToken` of CreateVisualValidateSession; valid about 30 minutes (ark-mcp `docs/assets.md`). */
  GetVisualValidateResult: z.object({ BytedToken: z.string().min(1), ProjectName }),
} satisfies Record<Action, z.ZodType>;

/** Timestamps arrive as ISO-8601 strings or epoch numbers depending on the gateway; normalized to ISO strings. */
export const TimestampSchema = z
  .union([z.string(), z.number()])
  .transform((v) => (typeof v === "number" ? new Date(v < 1e12 ? v * 1000 : v).toISOString() : v));

/** The processing error of a Failed asset, e.g. `{ Code: "DurationTooLong", Message: "…" }`. */
export const AssetErrorSchema = z.object({ Code: z.string(), Message: z.string() });

/** An asset as GetAsset / ListAssets return it. `URL` is a presigned link valid 12 hours, not the source URL. */
export const AssetRecordSchema = z.object({
  Id,
  Name: z.string().optional().default(""),
  URL: z.string().optional().default(""),
  AssetType: AssetTypeSchema,
  GroupId: z.string().optional(),
  Status: AssetStatusSchema,
  Error: AssetErrorSchema.nullish(),
  ProjectName: z.string().optional(),
  CreateTime: TimestampSchema.optional(),
  UpdateTime: TimestampSchema.optional(),
  /**
   * BytePlus: the content pre-filter strategy the asset was created with (`Default` or `Skip`); absent at
   * Volcengine. Source: byteplus-sa/ark-mcp `src/ark_mcp/domain/assets.py` (`Moderation.Strategy`).
   */
  Moderation: z.object({ Strategy: z.string() }).optional(),
  /**
   * BytePlus: when the asset was last used to submit a generation task; absent means no recorded use (since
   * 2026-07-24, says the source). Source: byteplus-sa/ark-mcp `src/ark_mcp/domain/assets.py`.
   */
  LastInferenceTime: TimestampSchema.optional(),
});
export type AssetRecord = z.infer<typeof AssetRecordSchema>;

/** An asset group as GetAssetGroup / ListAssetGroups return it. */
export const GroupRecordSchema = z.object({
  Id,
  Name: z.string(),
  Description: z.string().optional().default(""),
  GroupType: GroupTypeSchema.optional().default("AIGC"),
  ProjectName: z.string().optional(),
  CreateTime: TimestampSchema.optional(),
  UpdateTime: TimestampSchema.optional(),
});
export type GroupRecord = z.infer<typeof GroupRecordSchema>;

const IdResult = z.object({ Id });
/**
 * A page of a listing. Page mode answers `TotalCount`, `PageNumber`, `PageSize`; cursor mode (BytePlus
 * `MaxResults`) answers `NextToken` — absent or empty on the last page — and, as far as the sources show
 * (byteplus-sa/ark-mcp SPEC: "`Result.Items` and `Result.NextToken`"), not the page numbers.
 */
const page = <T extends z.ZodType>(item: T) =>
  z.object({
    Items: z.array(item),
    TotalCount: z.number().int().min(0).optional(),
    PageNumber: z.number().int().min(1).optional(),
    PageSize: z.number().int().min(1).optional(),
    NextToken: z.string().optional(),
  });

/** Canonical result of each Action (the native `Result` object). */
export const ResultSchemas = {
  CreateAssetGroup: IdResult,
  CreateAsset: IdResult,
  GetAsset: AssetRecordSchema,
  GetAssetGroup: GroupRecordSchema,
  ListAssets: page(AssetRecordSchema),
  ListAssetGroups: page(GroupRecordSchema),
  UpdateAsset: IdResult,
  UpdateAssetGroup: IdResult,
  DeleteAsset: z.object({}),
  DeleteAssetGroup: z.object({}),
  /**
   * `H5Link`: the page the person opens on a phone; it embeds temporary credentials (share it only with that person)
   * and is valid for 120 s (docs.crun.ai/models/seedance/visual-validate). `BytedToken`: for GetVisualValidateResult.
   * Anyfast echoes `CallbackURL` (docs.anyfast.ai/api-reference/model-api/bytedance/volc-asset-create-visual-validate-session).
   */
  CreateVisualValidateSession: z.object({ BytedToken: z.string().min(1), H5Link: z.string().min(1), CallbackURL: z.string().optional() }),
  /**
   * `GroupId` of the new LivenessFace group once the person has finished; empty (`""`, Anyfast, OpenMontage) or
   * absent while pending — a failed check reads the same as pending (ark-mcp `ark_asset_verification_result.py`).
   */
  GetVisualValidateResult: z.object({ GroupId: z.string().nullish().transform((v) => v ?? "") }),
} satisfies Record<Action, z.ZodType>;

export type RequestOf<A extends Action> = z.input<(typeof RequestSchemas)[A]>;
export type ResultOf<A extends Action> = z.output<(typeof ResultSchemas)[A]>;

/** `asset://<Id>`: the lower-case reference form video generation requests take (ark-mcp SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md). */
export function assetUri(id: string): string {
  return `asset://${id}`;
}
