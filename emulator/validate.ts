/**
 * The deserialize step's checks: a dialect's decoded request against the canonical schema
 * (../provider/api.ts `RequestSchemas`) and against what the gateway can do (`Dialect.capabilities`).
 *
 * - A missing required field → `MissingParameter.<Field>` (native: `MissingParameter.Filter` for a list call
 *   without `Filter`, live); a nested field is named by its dotted path.
 * - Any other schema violation → `InvalidParameter` naming the field.
 * - CreateAsset: `GroupId` required where the gateway has groups (dropped where it has none); `AssetType` among
 *   the gateway's types; one of `URL` or a file; the upload kind among the gateway's (`uploads`); `Moderation`
 *   dropped where the gateway has none. ListAssets: `Statuses` ignored where the gateway does not filter by status.
 * - A `data:` URI as `URL` where the gateway takes none (the native gateways) → `InvalidParameter.URL` (live on
 *   BytePlus: neonvoid/NV_Comfy_Utils); bare base64 or a multipart file where none is taken → `InvalidParameter`
 *   (Guess: no source gives their code).
 * - Lists: `MaxResults`/`NextToken` where the gateway pages by cursor (`cursorPaging`), else ignored like any
 *   unknown field; mixed with `PageNumber`/`PageSize` → `InvalidParameter` (Guess: the sources only show cursor
 *   requests without page fields, byteplus-sa/ark-mcp SPEC).
 */
import type { z } from "zod";
import { RequestSchemas, type Action } from "../provider/api.js";
import { createAssetViolations, uploadKindOf } from "../provider/gateways/create-asset-rules.js";
import type { Dialect, UploadKind } from "../provider/gateways/dialect.js";
import { emulatorError, Errors } from "./errors.js";

/** A validated canonical request. */
export type ValidRequest<A extends Action> = z.output<(typeof RequestSchemas)[A]>;

/**
 * The canonical request of `action`, validated.
 * @throws EmulatorError MissingParameter.<Field> or InvalidParameter.
 */
export function validateRequest<A extends Action>(dialect: Dialect, action: A, decoded: unknown): ValidRequest<A> {
  const input = decoded === undefined || decoded === null ? {} : decoded;
  const parsed = RequestSchemas[action].safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join(".");
    if (field && valueAt(input, issue.path) === undefined) throw Errors.missingParameter(field);
    throw Errors.invalidParameter(field ? `The parameter ${field} is invalid: ${issue.message}` : `The request is invalid: ${issue.message}`);
  }
  const request = parsed.data as ValidRequest<A>;
  const caps = dialect.capabilities;

  if (action === "CreateAsset") {
    const r = request as ValidRequest<"CreateAsset">;
    if (!caps.moderation) delete r.Moderation;
    // The shared rules (../provider/gateways/create-asset-rules.ts), answered in the gateway's words. A File wins over
    // a URL; a GroupId where the gateway has no groups is ignored.
    const media = r.URL || r.File ? (uploadKindOf(r) ?? "unknown") : "none";
    for (const violation of createAssetViolations(dialect.name, caps, { hasGroup: Boolean(r.GroupId), assetType: r.AssetType, media })) {
      if (violation.kind === "unexpected") delete r.GroupId;
      else if (violation.kind === "missing") throw Errors.missingParameter(violation.field);
      else if (violation.field === "AssetType") throw Errors.invalidParameter(`AssetType ${r.AssetType} is not supported here; use one of ${caps.assetTypes.join(", ")}.`);
      else if (media === "unknown") throw Errors.invalidParameter("URL must be an http(s) URL" + (caps.uploads.some((k) => k === "dataUri" || k === "base64") ? ", a data URI or base64." : "."));
      else {
        const kind = media as UploadKind;
        const message = `${describeUpload(kind)} is not accepted here; send ${caps.uploads.map(describeUpload).join(" or ")}.`;
        throw kind === "dataUri" ? emulatorError("InvalidParameter.URL", message) : Errors.invalidParameter(message);
      }
    }
  }
  if (action === "ListAssets" || action === "ListAssetGroups") {
    const r = request as ValidRequest<"ListAssets" | "ListAssetGroups">;
    if (!caps.cursorPaging) {
      delete r.MaxResults;
      delete r.NextToken;
    } else if ((r.MaxResults !== undefined || r.NextToken !== undefined) && (r.PageNumber !== undefined || r.PageSize !== undefined)) {
      throw Errors.invalidParameter("MaxResults/NextToken cannot be combined with PageNumber/PageSize: page either by cursor or by page number.");
    }
  }
  if (action === "ListAssets" && !caps.listAssetsByStatus) {
    delete (request as ValidRequest<"ListAssets">).Filter.Statuses;
  }
  return request;
}

/** How a CreateAsset carries its media: the one rule, shared with the client. */
export { uploadKindOf } from "../provider/gateways/create-asset-rules.js";

function describeUpload(kind: UploadKind): string {
  return { url: "a public http(s) URL", dataUri: "a data URI", base64: "bare base64", multipart: "a multipart file" }[kind];
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
