/**
 * The asset lifecycle: CreateAsset answers at once with the asset `Processing`; the media checks (../provider/media/probe.ts) run
 * in the background; once `processingMs` has passed since creation *and* the checks are done, the asset reads as
 * `Active`, or `Failed` with `Error{Code, Message}` — final, as upstream never retries a Failed asset
 * (the asset API reference, docs.byteplus.com/en/docs/ModelArk/2318271: a Failed asset is never retried upstream —
 * delete it and create again).
 *
 * An image in a format the service does not take fails with `UnsupportedImageFormat`, the Failed-asset code seen live
 * (neonvoid/NV_Comfy_Utils); Guess: upstream's split between it and the documented `FormatUnsupported` is unknown —
 * here a recognised image format outside the limits' list is `UnsupportedImageFormat`, unrecognisable bytes stay
 * `FormatUnsupported`.
 *
 * Transitions are applied lazily when an asset is read (`settle`), so the state is a pure function of the clock and
 * survives a restart with a state file.
 */
import type { AssetType } from "../provider/api.js";
import type { GatewayName } from "../provider/gateways/dialect.js";
import { categoryOf, type MediaLimits } from "../provider/media/limits.js";
import { checkMedia, judgeByExtension, type AssetError } from "../provider/media/probe.js";
import { fetchLocal, localFetchTarget, type LocalFetchPolicy } from "./media-sources.js";
import type { AssetRow, NamespaceKey, Outcome, Store } from "./store.js";

/** The media of a new asset as the emulator received it. */
export type MediaSource = { kind: "bytes"; data: Uint8Array; contentType: string } | { kind: "url"; url: string };

export interface LifecycleOptions {
  /** How long an asset stays Processing, in ms (at least; longer while a local download is still running). */
  processingMs: number;
  /**
   * The media limits the checks apply: one set for every gateway, or a set per gateway (the emulator's default is
   * each gateway's newest documented set, ../provider/media/limits.ts DEFAULT_LIMIT_SET — the same `check` uses).
   */
  limits: MediaLimits | ((gateway: GatewayName) => MediaLimits);
  /** Timeout of a local download, in ms. */
  fetchTimeoutMs: number;
  /** The clock, epoch ms. */
  now: () => number;
  /** Which local URLs are fetched (./media-sources.ts); undefined: every URL on this machine. Set by ./server.ts. */
  localFetch?: LocalFetchPolicy | undefined;
}

/** Upper bound of a download when the asset type has no published size limit (Document). */
const UNLIMITED_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** Runs the media checks of new assets and settles them on read (`settle`); `idle()` resolves when no check is running. */
export class Lifecycle {
  readonly options: LifecycleOptions;
  private readonly store: Store;
  private readonly running = new Set<Promise<void>>();

  constructor(store: Store, options: LifecycleOptions) {
    this.store = store;
    this.options = options;
  }

  /**
   * Schedules the processing of a just-stored Processing asset: decides its outcome from `media`, then `after`
   * (if given) may overrule an Active verdict (the face match of LivenessFace groups, ./visual-validate.ts).
   */
  begin(ns: NamespaceKey, row: AssetRow, media: MediaSource, after?: (outcome: Outcome) => Outcome): void {
    row.readyAt = this.options.now() + this.options.processingMs;
    this.store.putAsset(ns, row);
    const task = this.decide(row.Id, row.AssetType, media, this.limitsOf(ns))
      .catch((err: unknown): Outcome => ({ Status: "Failed", Error: { Code: "TranscodingFailed", Message: `Processing failed: ${String(err)}` } }))
      .then((outcome) => (after ? after(outcome) : outcome))
      .then((outcome) => {
        const current = this.store.getAsset(ns, row.Id);
        if (current && current.Status === "Processing") this.store.putAsset(ns, { ...current, pending: outcome });
      })
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /**
   * After a restart from a state file: restarts the checks of assets that were still being checked. URL sources
   * are checked again; inline bytes were not kept, so those assets become Active.
   */
  resume(): void {
    for (const ns of this.store.namespaces()) {
      for (const row of this.store.assets(ns)) {
        if (row.Status !== "Processing" || row.pending || row.readyAt === Infinity) continue;
        if (row.source.url) this.begin(ns, row, { kind: "url", url: row.source.url });
        else this.store.putAsset(ns, { ...row, pending: { Status: "Active" } });
      }
    }
  }

  /** The asset as of now: a Processing asset whose time is up and whose checks are done turns Active or Failed. */
  settle(ns: NamespaceKey, row: AssetRow): AssetRow {
    if (row.Status !== "Processing" || !row.pending || row.readyAt === undefined || this.options.now() < row.readyAt) return row;
    const { pending: outcome, readyAt, ...rest } = row;
    const settled: AssetRow = { ...rest, Status: outcome.Status, UpdateTime: Math.max(row.UpdateTime, readyAt) };
    if (outcome.Status === "Failed") settled.Error = outcome.Error;
    this.store.putAsset(ns, settled);
    return settled;
  }

  /** Resolves when every background check has finished (tests, close). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled(this.running);
  }

  /** The limits for a namespace's gateway (namespaces are `<gateway>/<credential hash>`, ./store.ts). */
  private limitsOf(ns: NamespaceKey): MediaLimits {
    const { limits } = this.options;
    return typeof limits === "function" ? limits(ns.split("/")[0] as GatewayName) : limits;
  }

  private async decide(assetId: string, type: AssetType, media: MediaSource, limits: MediaLimits): Promise<Outcome> {
    let bytes: { data: Uint8Array; contentType: string } | undefined;
    const fetchTarget = media.kind === "url" ? localFetchTarget(media.url, this.options.localFetch) : undefined;
    if (media.kind === "bytes") {
      bytes = media;
    } else if (fetchTarget !== undefined) {
      const category = categoryOf(type);
      const maxBytes = category ? (limits[category].bytes.max ?? UNLIMITED_DOWNLOAD_BYTES) : UNLIMITED_DOWNLOAD_BYTES;
      const fetched = await fetchLocal(fetchTarget, { timeoutMs: this.options.fetchTimeoutMs, maxBytes });
      if ("error" in fetched) return failed(fetched.error);
      bytes = { data: fetched.data, contentType: fetched.contentType ?? "application/octet-stream" };
    } else {
      const error = judgeByExtension(media.url, type, limits);
      // judgeByExtension says FormatUnsupported only for a known extension outside the list.
      return error ? failed(type === "Image" && error.Code === "FormatUnsupported" ? unsupportedImage(error) : error) : { Status: "Active" };
    }
    const { probe, error } = await checkMedia(bytes.data, type, limits);
    if (error) {
      const recognisedImage = type === "Image" && probe?.category === "image" && !limits.image.formats.includes(probe.format);
      return failed(recognisedImage && error.Code === "FormatUnsupported" ? unsupportedImage(error) : error);
    }
    this.store.putObject(assetId, { contentType: probe?.contentType ?? bytes.contentType, data: bytes.data });
    return { Status: "Active" };
  }
}

/** The Failed-asset code of an image in a format the service does not take (see the module comment). */
function unsupportedImage(error: AssetError): AssetError {
  return { Code: "UnsupportedImageFormat", Message: error.Message };
}

function failed(error: AssetError): Outcome {
  return { Status: "Failed", Error: error };
}
