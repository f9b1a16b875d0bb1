/**
 * The Asset's spec: its state, its inputs and its diff, declared once. Imported by both sides — the program-side
 * class (./asset.ts) and the provider-process implementation (./asset-provider.ts) — so neither imports the other,
 * and a program loads no media probing and no HTTP client (this module imports only types and ./diff.ts types).
 */
import type { AssetStatus, AssetType } from "../api.js";
import type { DiffSpec } from "./diff.js";

/** The source as a program declares it: exactly one of `url` and `file`. */
export interface SourceArgs {
  /** A public `https://` URL the gateway downloads the media from. */
  url?: string;
  /** A local file path (relative to the Pulumi project directory), uploaded by the provider. */
  file?: string;
}

/** The source as stored in state after check: a file carries the SHA-256 of its content (hex). */
export interface CheckedSource extends SourceArgs {
  sha256?: string;
}

/** What makes two sources the same asset: the URL, or the content of the file (not its path). */
export function sourceIdentity(source: CheckedSource): string {
  if (source.url !== undefined) return `url:${source.url}`;
  return `sha256:${source.sha256 ?? source.file ?? ""}`;
}

/** The processing error of a Failed asset. */
export interface AssetProcessingError {
  /** The gateway's Error.Code, e.g. `DurationTooLong`, `DownloadFailed`. */
  code: string;
  message: string;
}

/** An Asset's state as the provider stores it: the checked inputs plus the outputs. */
export interface AssetState {
  groupId?: string;
  name: string;
  assetType: AssetType;
  source: CheckedSource;
  projectName: string;
  profile?: string;
  /** See AssetArgs.adopt; unset = leftovers in a managed group only. */
  adopt?: boolean;
  /** True when the group is an AssetGroup this stack manages (set by the constructor, not by the user). */
  groupManaged?: boolean;
  status?: AssetStatus;
  assetUri?: string;
  error?: AssetProcessingError;
  createTime?: string;
  updateTime?: string;
  /** BytePlus: the content pre-filter strategy the gateway reports (`Default` or `Skip`). Output only. */
  moderationStrategy?: string;
  /** BytePlus: when a generation task last used the asset, ISO-8601. Output only. */
  lastInferenceTime?: string;
}

/** The inputs of an Asset, in state order. */
export const ASSET_INPUTS = ["groupId", "name", "assetType", "source", "projectName", "profile", "adopt", "groupManaged"] as const satisfies readonly (keyof AssetState)[];

/**
 * The Asset's diff, declared once. A source compares by URL or by file content (not path). A Failed asset (found
 * by refresh, or by a resumed wait) is replaced on the next `pulumi up`: the service never retries it. An asset
 * still Processing (found by refresh) is updated, which waits for it.
 */
export const ASSET_DIFF: DiffSpec<AssetState> = {
  replaceOnChange: ["groupId", "assetType", "source", "projectName", "profile"],
  updateInPlace: ["name"],
  identity: { source: sourceIdentity },
  uniqueName: { field: "name", scope: ["groupId", "projectName", "profile"] },
  replaceWhen: (olds) => (olds.status === "Failed" ? "status" : undefined),
  updateWhen: (olds) => olds.status === "Processing",
};
