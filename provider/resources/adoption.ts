/**
 * Adoption that checks what it takes over. With `adopt: true`, create takes over an existing asset (or group) of the
 * declared name instead of making a duplicate (`pulumi import` and the `import` resource option do not work for
 * dynamic resources: pulumi/pulumi#3550, #16175). Before the state claims the existing object, this module compares
 * what can be compared and refuses a mismatch with the exact difference:
 *
 * - **name and group**: the lookup matches them (asset-provider.ts `findAsset`);
 * - **type**: an asset of the declared name in the group, but of another type, is refused here (the lookup skips
 *   it, and a create would only make a second asset of the same name);
 * - **source**: the gateway never returns the source URL, only a presigned link to the object it stored
 *   (GetAsset/ListAssets `URL`, valid 12 hours: byteplus-sa/ark-mcp `src/ark_mcp/domain/assets.py`). A declared URL
 *   that *is* such a link to this asset's object (same host and path; what `seedance-assets export` writes) matches.
 *   Otherwise the media is compared by content: the object behind the link and the declared media (the file's
 *   SHA-256 from check, or the declared URL downloaded) are hashed and must be equal. Guess: the gateways keep an
 *   image's bytes as uploaded; a gateway that re-encodes would need the exported link as the source instead.
 *   When either side cannot be downloaded (no link while the asset is Processing, network), the source is not
 *   compared and a warning says so.
 *
 * Every adoption is listed in the update's output (`pulumi.log.info` from the provider process), with what was
 * compared.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { AssetRecord, GroupRecord } from "../api.js";
import type { AssetGroupState } from "./asset-group-spec.js";
import type { AssetState } from "./asset-spec.js";
import type { Connection } from "./context.js";
import { groupTypeOf } from "./group-type.js";

/** How long one download for a content comparison may take, in ms. */
export const ADOPTION_DOWNLOAD_TIMEOUT_MS = 60_000;

/** The SHA-256 (hex) and size of media, or why it could not be read. */
export type MediaDigest = { ok: true; sha256: string; bytes: number } | { ok: false; reason: string };

/** Downloads a URL and hashes it as it streams (media can be 200 MB; nothing is kept in memory). */
export async function digestUrl(url: string, timeoutMs = ADOPTION_DOWNLOAD_TIMEOUT_MS): Promise<MediaDigest> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, reason: `HTTP ${response.status}` };
    }
    const hash = createHash("sha256");
    let bytes = 0;
    for await (const chunk of response.body) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    return { ok: true, sha256: hash.digest("hex"), bytes };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** Host and path of a URL (a presigned link without its signature), or undefined when it is not a URL. */
export function objectOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

/** What an adoption check concluded. */
export interface AdoptionVerdict {
  /** The exact differences that refuse the adoption; empty when it may go ahead. */
  differences: string[];
  /** What was compared, for the update's output. */
  compared: string[];
  /** Comparisons that could not be made. */
  notCompared: string[];
}

function short(sha256: string): string {
  return `${sha256.slice(0, 12)}…`;
}

/**
 * Compares an existing asset with the declaration (see the module comment). `cwd` is the base of relative file
 * paths (the Pulumi project directory).
 */
export async function compareAsset(declared: AssetState, found: AssetRecord, cwd = process.cwd()): Promise<AdoptionVerdict> {
  const verdict: AdoptionVerdict = { differences: [], compared: [], notCompared: [] };
  if (found.Name !== declared.name) verdict.differences.push(`name: the gateway has "${found.Name}", declared "${declared.name}"`);
  else verdict.compared.push("name");
  if (found.AssetType !== declared.assetType) verdict.differences.push(`assetType: the gateway has ${found.AssetType}, declared ${declared.assetType}`);
  else verdict.compared.push("assetType");
  if (declared.groupId && found.GroupId && found.GroupId !== declared.groupId) verdict.differences.push(`group: the gateway has ${found.GroupId}, declared ${declared.groupId}`);
  else if (declared.groupId) verdict.compared.push("group");
  if (verdict.differences.length > 0) return verdict;

  const source = declared.source;
  const declaredObject = source.url !== undefined ? objectOf(source.url) : undefined;
  if (!found.URL) {
    verdict.notCompared.push(`source: the gateway gives no link to the media while the asset is ${found.Status}`);
    return verdict;
  }
  if (declaredObject !== undefined && declaredObject === objectOf(found.URL)) {
    verdict.compared.push("source (the gateway's own link to this asset's media)");
    return verdict;
  }
  const theirs = await digestUrl(found.URL);
  if (!theirs.ok) {
    verdict.notCompared.push(`source: the gateway's media could not be downloaded (${theirs.reason})`);
    return verdict;
  }
  let ours: MediaDigest;
  let label: string;
  if (source.url !== undefined) {
    label = `source.url ${source.url}`;
    ours = await digestUrl(source.url);
  } else {
    label = `source.file ${source.file}`;
    if (source.sha256) {
      const data = await readFile(resolve(cwd, source.file ?? "")).catch(() => undefined);
      ours = { ok: true, sha256: source.sha256, bytes: data?.length ?? Number.NaN };
    } else {
      ours = { ok: false, reason: "the file was not hashed by check" };
    }
  }
  if (!ours.ok) {
    verdict.notCompared.push(`source: ${label} could not be read (${ours.reason})`);
    return verdict;
  }
  if (ours.sha256 !== theirs.sha256) {
    const size = (d: { bytes: number }) => (Number.isFinite(d.bytes) ? `, ${d.bytes} bytes` : "");
    verdict.differences.push(`source: the gateway's media is SHA-256 ${short(theirs.sha256)}${size(theirs)}, ${label} is SHA-256 ${short(ours.sha256)}${size(ours)}`);
  } else {
    verdict.compared.push("source (same content, SHA-256)");
  }
  return verdict;
}

/** An info line in the update's output (the provider process has no engine connection: the CLI shows it). */
function info(message: string): void {
  void pulumi.log.info(message);
}

function warn(message: string): void {
  void pulumi.log.warn(message);
}

/**
 * The adoption branch of Asset create, after the lookup: refuses a same-name asset of another type when nothing was
 * found, and checks and reports an asset that was found.
 * @throws Error naming each difference and the ways out, when the existing asset is not the declared one.
 */
export async function verifyAssetAdoption(conn: Connection, declared: AssetState, found: AssetRecord | undefined): Promise<void> {
  const label = `Asset "${declared.name}"`;
  if (!found) {
    if (!conn.capabilities.actions.includes("ListAssets")) return;
    // The group's own type: a real person's (LivenessFace) group lists nothing under AIGC.
    const GroupType = declared.groupId ? await groupTypeOf(conn, declared.groupId, declared.projectName) : "AIGC";
    const filter = { ...(declared.groupId ? { GroupIds: [declared.groupId] } : {}), GroupType, Name: declared.name };
    for await (const other of conn.client.listAllAssets({ Filter: filter, ProjectName: declared.projectName })) {
      if (other.Name !== declared.name || other.Status === "Failed") continue;
      if (declared.groupId && other.GroupId && other.GroupId !== declared.groupId) continue;
      throw new Error(
        `${label}: refusing to adopt ${other.Id}: assetType: the gateway has ${other.AssetType}, declared ${declared.assetType}. Fix: set assetType to ${other.AssetType} to adopt it, rename the declared asset, or delete ${other.Id} on the gateway.`,
      );
    }
    return;
  }
  const verdict = await compareAsset(declared, found);
  if (verdict.differences.length > 0) {
    throw new Error(
      `${label}: refusing to adopt ${found.Id}, which differs from the declaration:\n  - ${verdict.differences.join("\n  - ")}\nFix: declare what the gateway has (\`seedance-assets export\` writes it), rename the declared asset to create a new one beside it, or delete ${found.Id} on the gateway.`,
    );
  }
  for (const reason of verdict.notCompared) warn(`${label}: adopting ${found.Id} without comparing its ${reason}.`);
  info(`${label}: adopted existing ${found.AssetType} ${found.Id} (${found.Status}) on ${conn.gateway}; compared ${verdict.compared.join(", ")}.`);
}

/** The adoption branch of AssetGroup create: reports the group taken over, and a description that will be updated. */
export function reportGroupAdoption(conn: Connection, declared: AssetGroupState, found: GroupRecord): void {
  const change = found.Description !== declared.description ? `; its description is updated from "${found.Description}" to "${declared.description}"` : "";
  info(`AssetGroup "${declared.name}": adopted existing group ${found.Id} ("${found.Name}") on ${conn.gateway}${change}.`);
}
