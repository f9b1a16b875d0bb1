/**
 * `seedance-assets export --gateway <g> [--out library.yaml]`: reads an existing account — its asset groups and
 * their assets — through the package's GatewayClient and writes a library.yaml that adopts them (`adopt: true`),
 * so the next `pulumi up` of a program that declares the file (`declareLibrary(loadLibrary(…))`) takes the
 * existing library under management: no create, no duplicate.
 *
 * Configuration is the provider's own: the `seedance:*` keys read from their environment variables
 * (`SEEDANCE_API_KEY`, `VOLCENGINE_ACCESS_KEY_ID`/`VOLCENGINE_SECRET_ACCESS_KEY`, `SEEDANCE_BASE_URL`, … —
 * provider/resources/config.ts CONFIG_KEYS), with `--gateway`, `--base-url` and `--project-name` on top. Credentials
 * are never taken from arguments and never written to the file.
 *
 * The `source` written for each asset: GetAsset and ListAssets return `URL` as a presigned object-storage link valid
 * 12 hours, not the URL the asset was created from, which no gateway returns. The export writes that link as the
 * asset's `url`: it names the media the gateway already holds, so adoption can check that the declared media is the
 * asset's own (provider/resources/adoption.ts compares the link's object path), and Pulumi compares a URL source by
 * its text, so the line keeps the asset as it is on every later `pulumi up`. A comment says when the link expires:
 * after that the gateway could not download it again, which matters only when something replaces the asset (a new
 * type, group or project) — give it a permanent URL of the same media then (a new URL is a new source, so it
 * replaces the asset too). The link grants read access to the media until it expires: treat the file as private
 * until then.
 *
 * Skipped, with a note on stderr: assets that are `Failed` (the gateway will never finish them), assets still
 * `Processing` (the gateway gives no link before `Active`: export again when they are done), assets without a name
 * (adoption matches by name), and real-person groups where they cannot be listed (below).
 *
 * Real-person (`LivenessFace`) groups — only a face verification makes them — are written by their id (`groupId`),
 * with their assets: the next `pulumi up` adopts the group (never creates one) and its assets by name, and destroy
 * leaves the group on the gateway (provider/resources/asset-group.ts). They are listed where the gateway can:
 * not on gateways without real-person verification (none can exist there), and not on Anyfast, whose lists never
 * show them (`capabilities.hidesLivenessFace`): one note on stderr then says to declare such a group by the id
 * `npm run liveness` printed.
 */
import { writeFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Document, YAMLMap, Scalar, Pair } from "yaml";
import type { AssetRecord, GroupRecord } from "../../provider/api.js";
import { GatewayClient } from "../../provider/client.js";
import { ERROR_CODES, isSeedanceError } from "../../provider/errors.js";
import { GATEWAY_NAMES, servesVerification } from "../../provider/gateways/index.js";
import { parseLibrary } from "../../provider/library.js";
import { CONFIG_KEYS, CONFIG_NAMESPACE, loadConfig, resolveProfile } from "../../provider/resources/config.js";

/** One line for `seedance-assets --help`. */
export const summary = "write a library.yaml that adopts an existing account's groups and assets (then `pulumi up`)";

/** The help text. */
export const help = `seedance-assets export: read an existing asset library and write a library.yaml that adopts it.

Usage: seedance-assets export --gateway <${GATEWAY_NAMES.join("|")}> [options]

  --gateway <g>          the gateway (seedance:gateway / SEEDANCE_GATEWAY)
  --base-url <url>       the gateway's base URL (seedance:baseUrl / SEEDANCE_BASE_URL; default the gateway's own)
  --project-name <p>     the Ark project to read (seedance:projectName / SEEDANCE_PROJECT_NAME; default "default")
  --out <file>           where to write (default library.yaml; "-" prints it)
  --force                overwrite an existing file
  --help                 this text

Credentials come from the environment, as for the provider:
${CONFIG_KEYS.filter((k) => k.secret && k.env.length > 0 || k.key === "accessKeyId")
  .map((k) => `  ${CONFIG_NAMESPACE}:${k.key.padEnd(16)} ${k.env.join(" or ")}`)
  .join("\n")}

Then, in a Pulumi project whose program declares the file (declareLibrary(loadLibrary("library.yaml"))):
  pulumi up        # adopts every group and asset: no create, no duplicate; the next up has no changes

Each asset's url is the presigned link the gateway returns (valid 12 hours): it names the media the gateway
holds, so adoption checks it and later runs see no change. Give an asset a permanent URL only when replacing it.`;

/** What the export found and wrote. */
export interface ExportResult {
  yaml: string;
  groups: number;
  assets: number;
  /** What was left out, and why. */
  skipped: string[];
}

/** Options of exportLibrary. */
export interface ExportOptions {
  client: GatewayClient;
  projectName: string;
  /** The gateway name, for comments. */
  gateway: string;
  /** The clock, for the expiry comment; default now. */
  now?: Date;
}

/** A key that is a valid library name (1–64 characters) and not taken yet; `name` is kept when it fits. */
function uniqueKey(name: string, taken: Set<string>): string {
  const base = name.slice(0, 60) || "unnamed";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
  taken.add(key);
  return key;
}

/** When a presigned link expires (X-Tos-Date/X-Amz-Date + Expires), ISO-8601, or undefined when it does not say. */
export function linkExpiry(url: string): string | undefined {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  const date = query.get("X-Tos-Date") ?? query.get("X-Amz-Date");
  const seconds = Number(query.get("X-Tos-Expires") ?? query.get("X-Amz-Expires"));
  const m = date ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date) : null;
  if (!m || !Number.isFinite(seconds)) return undefined;
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return new Date(start + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function byName(a: AssetRecord, b: AssetRecord): number {
  return a.Name.localeCompare(b.Name) || a.Id.localeCompare(b.Id);
}

function assetEntry(asset: AssetRecord, key: string): Pair {
  const entry = new YAMLMap();
  entry.flow = false;
  if (key !== asset.Name) entry.add(new Pair("name", asset.Name));
  entry.add(new Pair("type", asset.AssetType));
  const url = new Scalar(asset.URL);
  const expiry = linkExpiry(asset.URL);
  url.comment = ` ${asset.Id}: the gateway's presigned link${expiry ? `, valid until ${expiry}` : ""}`;
  entry.add(new Pair("url", url));
  return new Pair(key, entry);
}

/**
 * The project's real-person (LivenessFace) groups, or a reason they cannot be listed (then none are written).
 * @throws GatewayError from the client (auth, network, …).
 */
async function realPersonGroups(options: ExportOptions): Promise<{ groups: GroupRecord[]; skipped?: string }> {
  const { client, projectName, gateway } = options;
  const caps = client.capabilities;
  if (!servesVerification(caps)) return { groups: [] };
  const declareById = "declare each by the groupId `npm run liveness` printed (groups: <key>: groupId: …)";
  if (caps.hidesLivenessFace) return { groups: [], skipped: `real-person (LivenessFace) groups: ${gateway} does not list them; ${declareById}` };
  const groups: GroupRecord[] = [];
  for await (const group of client.listAllAssetGroups({ Filter: { GroupType: "LivenessFace" }, ProjectName: projectName })) groups.push(group);
  return { groups };
}

/**
 * Reads every group (AIGC, and real-person where listable) and asset of the project and renders the library file. Only assets with a name and a link
 * (Active ones) are written (see the module comment).
 * @throws GatewayError from the client (auth, network, …), and Error when the gateway cannot list assets.
 */
export async function exportLibrary(options: ExportOptions): Promise<ExportResult> {
  const { client, projectName } = options;
  const caps = client.capabilities;
  if (!caps.actions.includes("ListAssets")) {
    throw new Error(`${options.gateway} has no ListAssets: an existing library cannot be read, so it cannot be exported. Declare its assets by hand (their ids are in the gateway's console).`);
  }
  const skipped: string[] = [];
  const usable = (asset: AssetRecord): boolean => {
    if (asset.Status === "Failed") {
      skipped.push(`asset ${asset.Id} (${asset.Name || "no name"}): Failed (${asset.Error?.Code ?? "no code"}); the gateway will not finish it`);
      return false;
    }
    if (!asset.Name) {
      skipped.push(`asset ${asset.Id}: it has no name, and adoption matches by name`);
      return false;
    }
    if (!asset.URL) {
      skipped.push(`asset ${asset.Id} (${asset.Name}): the gateway gives no link to its media while it is ${asset.Status}; export again when it is Active`);
      return false;
    }
    return true;
  };
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  doc.commentBefore =
    ` Exported by seedance-assets export from ${options.gateway}, project ${projectName}, ${(options.now ?? new Date()).toISOString()}.\n` +
    ` adopt: true takes over these groups and assets on the next pulumi up instead of creating duplicates.\n` +
    ` Each url is the presigned link the gateway returns for the asset's media (valid 12 hours): it keeps the asset as it is;\n` +
    ` replace it with a permanent URL of the same media only together with a change that replaces the asset.`;
  if (projectName !== "default") root.add(new Pair("projectName", projectName));
  root.add(new Pair("adopt", true));
  let groupCount = 0;
  let assetCount = 0;
  if (caps.groups) {
    const groups = new YAMLMap();
    const groupKeys = new Set<string>();
    const listed: GroupRecord[] = [];
    for await (const group of client.listAllAssetGroups({ Filter: { GroupType: "AIGC" }, ProjectName: projectName })) listed.push(group);
    const realPerson = await realPersonGroups(options);
    if (realPerson.skipped) skipped.push(realPerson.skipped);
    listed.push(...realPerson.groups);
    // Sorted by name (then id), so exporting the same account twice writes the same file.
    const bare = (group: GroupRecord) => (caps.groupNamePrefix ? caps.groupNamePrefix.strip(group.Name) : group.Name);
    listed.sort((a, b) => bare(a).localeCompare(bare(b)) || a.Id.localeCompare(b.Id));
    // Group names are not unique on the gateway: groups that share a name are adopted by their id (`groupId`), since
    // adoption by name could not tell them apart (and library validation refuses two groups of one name). A
    // real-person group is always adopted by id: it can never be created.
    const shared = new Set(listed.map(bare).filter((name, i, all) => all.indexOf(name) !== i));
    for (const group of listed) {
      const name = bare(group);
      const realPersonGroup = group.GroupType === "LivenessFace";
      if (!name && !realPersonGroup) {
        skipped.push(`group ${group.Id}: it has no name, and adoption matches by name`);
        continue;
      }
      const key = uniqueKey(name || group.Id, groupKeys);
      const entry = new YAMLMap();
      if (shared.has(name) || realPersonGroup) entry.add(new Pair("groupId", group.Id));
      if (name && key !== name) entry.add(new Pair("name", name));
      if (group.Description) entry.add(new Pair("description", group.Description));
      const assets = new YAMLMap();
      const assetKeys = new Set<string>();
      const found: AssetRecord[] = [];
      for await (const asset of client.listAllAssets({ Filter: { GroupIds: [group.Id], GroupType: realPersonGroup ? "LivenessFace" : "AIGC" }, ProjectName: projectName })) {
        if (asset.GroupId && asset.GroupId !== group.Id) continue;
        if (usable(asset)) found.push(asset);
      }
      for (const asset of found.sort(byName)) {
        assets.add(assetEntry(asset, uniqueKey(asset.Name, assetKeys)));
        assetCount++;
      }
      entry.add(new Pair("assets", assets));
      groups.add(new Pair(key, entry));
      groupCount++;
    }
    root.add(new Pair("groups", groups));
  } else {
    const assets = new YAMLMap();
    const assetKeys = new Set<string>();
    const found: AssetRecord[] = [];
    for await (const asset of client.listAllAssets({ Filter: {}, ProjectName: projectName })) if (usable(asset)) found.push(asset);
    for (const asset of found.sort(byName)) {
      assets.add(assetEntry(asset, uniqueKey(asset.Name, assetKeys)));
      assetCount++;
    }
    root.add(new Pair("assets", assets));
  }
  const yaml = doc.toString({ lineWidth: 0 });
  // What is written must load as a library: the same parser `loadLibrary` uses.
  parseLibrary(yaml, "library.yaml");
  return { yaml, groups: groupCount, assets: assetCount, skipped };
}

/** Runs the command; resolves with 0 written, 1 failed (gateway), 2 usage or configuration error. */
export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        gateway: { type: "string" },
        "base-url": { type: "string" },
        "project-name": { type: "string" },
        out: { type: "string", default: "library.yaml" },
        force: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    console.error(`seedance-assets export: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (values.help) {
    console.log(help);
    return 0;
  }
  const flags: Record<string, string | undefined> = {
    [`${CONFIG_NAMESPACE}:gateway`]: values.gateway,
    [`${CONFIG_NAMESPACE}:baseUrl`]: values["base-url"],
    [`${CONFIG_NAMESPACE}:projectName`]: values["project-name"],
  };
  let resolved;
  try {
    resolved = resolveProfile(loadConfig((key) => flags[key]), undefined);
  } catch (error) {
    console.error(`seedance-assets export: ${(error as Error).message}`);
    return 2;
  }
  const out = values.out === "-" ? undefined : resolve(values.out);
  if (out && existsSync(out) && !values.force) {
    console.error(`seedance-assets export: ${out} exists. Fix: choose another --out, or add --force to overwrite it.`);
    return 2;
  }
  const client = new GatewayClient(resolved.profile);
  try {
    const result = await exportLibrary({ client, projectName: resolved.projectName, gateway: resolved.profile.gateway });
    if (out) writeFileSync(out, result.yaml);
    else process.stdout.write(result.yaml);
    for (const line of result.skipped) console.error(`skipped ${line}`);
    console.error(`${result.groups} group(s) and ${result.assets} asset(s) from ${resolved.profile.gateway}${out ? ` written to ${out}` : ""}. Declare the file in your program and run \`pulumi up\` to adopt them.`);
    return 0;
  } catch (error) {
    console.error(`seedance-assets export: ${error instanceof Error ? error.message : String(error)}`);
    return isSeedanceError(error) && error.code === ERROR_CODES.Config ? 2 : 1;
  } finally {
    await client.close();
  }
}
