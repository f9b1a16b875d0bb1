/**
 * What a gateway accepts in CreateAsset, decided from its Capabilities: one set of rules for the three places that
 * apply them — the resource's `check` (../resources/asset-provider.ts, ../resources/source.ts: before anything is
 * sent), the client (../client.ts: before a request is sent) and the emulator (../../emulator/validate.ts: as the
 * gateway answers). Each side words and raises the violations its own way; the rules are only here.
 */
import type { AssetType } from "../api.js";
import type { Capabilities, UploadKind } from "./dialect.js";

/** The ways a local file can travel, best first (multipart sends raw bytes; the others inflate them by a third). */
export const LOCAL_UPLOAD_PREFERENCE: readonly UploadKind[] = ["multipart", "dataUri", "base64"];

/** How this gateway takes a local file (the best of LOCAL_UPLOAD_PREFERENCE it accepts), or undefined when it only fetches public URLs. */
export function localUploadKind(capabilities: Pick<Capabilities, "uploads">): UploadKind | undefined {
  return LOCAL_UPLOAD_PREFERENCE.find((kind) => capabilities.uploads.includes(kind));
}

/**
 * How a CreateAsset carries its media: `multipart` when `File` is set, else by the form of `URL` — an http(s) URL,
 * a `data:` URI, or bare base64 (at least 4 characters of the base64 or base64url alphabet, white space ignored);
 * undefined when `URL` is none of these (or absent).
 */
export function uploadKindOf(request: { URL?: string | undefined; File?: unknown }): UploadKind | undefined {
  if (request.File) return "multipart";
  const url = request.URL ?? "";
  if (/^https?:\/\//i.test(url)) return "url";
  if (/^data:/i.test(url)) return "dataUri";
  const compact = url.replace(/\s+/g, "");
  if (compact.length >= 4 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return "base64";
  return undefined;
}

/**
 * The media of a CreateAsset as the rules see it: an UploadKind; `localFile` (a declared local file, before the
 * provider picks how it travels); `none` or `both` of URL and File; `unknown` (a URL of no known form).
 */
export type MediaForm = UploadKind | "localFile" | "none" | "both" | "unknown";

/** The MediaForm of a wire-level CreateAsset request (URL and File). */
export function mediaFormOf(request: { URL?: string | undefined; File?: unknown }): MediaForm {
  const hasUrl = request.URL !== undefined && request.URL !== "";
  const hasFile = request.File !== undefined && request.File !== null;
  if (hasUrl && hasFile) return "both";
  if (!hasUrl && !hasFile) return "none";
  return uploadKindOf(request) ?? "unknown";
}

/** A part of a CreateAsset that breaks the gateway's rules. */
export interface CreateAssetViolation {
  /** The canonical request field. */
  field: "GroupId" | "AssetType" | "URL" | "File";
  /** `missing`: required and absent; `unexpected`: set where the gateway has no such thing; `rejected`: a value it does not take. */
  kind: "missing" | "unexpected" | "rejected";
  /** What is wrong, to follow the field's name, e.g. `is required: anyfast keeps assets in asset groups` (a `localFile` one stands alone). */
  problem: string;
  /** The rejected media form, for `URL`/`File` violations. */
  media?: MediaForm;
}

/** What the rules look at: whether a group is given, the asset type (undefined: not known yet), the media. */
export interface CreateAssetShape {
  hasGroup: boolean;
  assetType?: AssetType | undefined;
  /** Undefined: not known yet (e.g. an unresolved input in `pulumi preview`). */
  media?: MediaForm | undefined;
}

/** Every rule `shape` breaks on `gateway`, in field order (empty when it is acceptable). */
export function createAssetViolations(gateway: string, capabilities: Capabilities, shape: CreateAssetShape): CreateAssetViolation[] {
  const c = capabilities;
  const violations: CreateAssetViolation[] = [];
  if (c.groups && !shape.hasGroup) violations.push({ field: "GroupId", kind: "missing", problem: `is required: ${gateway} keeps assets in asset groups` });
  if (!c.groups && shape.hasGroup) violations.push({ field: "GroupId", kind: "unexpected", problem: `must not be set: ${gateway} has no asset groups` });
  if (shape.assetType !== undefined && !c.assetTypes.includes(shape.assetType)) {
    violations.push({ field: "AssetType", kind: "rejected", problem: `${shape.assetType} is not accepted by ${gateway} (it takes ${c.assetTypes.join(", ")})` });
  }
  const media = shape.media;
  if (media === "none") violations.push({ field: "URL", kind: "missing", problem: "is required: exactly one of URL and File must be given", media });
  else if (media === "both") violations.push({ field: "URL", kind: "rejected", problem: "and File are both set: exactly one of URL and File must be given", media });
  else if (media === "unknown") violations.push({ field: "URL", kind: "rejected", problem: `is none of the forms ${gateway} takes (${c.uploads.join(", ")})`, media });
  else if (media === "localFile") {
    if (!localUploadKind(c)) violations.push({ field: "File", kind: "rejected", problem: `${gateway} cannot take a local file: it only fetches public URLs (uploads: ${c.uploads.join(", ")})`, media });
  } else if (media !== undefined && !c.uploads.includes(media)) {
    violations.push({ field: media === "multipart" ? "File" : "URL", kind: "rejected", problem: `${media} uploads are not accepted by ${gateway} (accepted: ${c.uploads.join(", ")})`, media });
  }
  return violations;
}
