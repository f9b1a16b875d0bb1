/**
 * The documentation tables that describe code, generated from the code: the gateway capability table (README.md),
 * the `seedance:*` configuration keys, the error codes and the tiers (docs/reference.md). Each table stands between
 * `<!-- generated:<name> -->` and `<!-- /generated -->`; everything outside the markers is left as written.
 *
 *   npm run docs:tables            rewrite the tables in place (after `npm run build`: it reads dist/)
 *   npm run docs:tables -- --check exit 1 and name the stale tables instead of writing
 *
 * test/unit/docs-tables.test.ts renders the same tables from the sources in memory and fails when a checked-in
 * table is stale, so `npm test` catches a table nobody regenerated.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as ClientModule from "pulumi-seedance-assets/provider/client";
import type * as ConfigModule from "pulumi-seedance-assets/provider/resources/config";
import type * as ErrorsModule from "pulumi-seedance-assets/provider/errors";
import type * as GatewaysModule from "pulumi-seedance-assets/provider/gateways/index";
import type * as LimitsModule from "pulumi-seedance-assets/provider/media/limits";
import type * as RateLimitModule from "pulumi-seedance-assets/provider/rate-limit";
import type * as TiersModule from "pulumi-seedance-assets/provider/gateways/tiers";
import type * as TransportModule from "pulumi-seedance-assets/provider/transport";
import type { Action } from "pulumi-seedance-assets/provider/api";

/** The modules the tables are read from: dist/ when the script runs, the sources in the staleness test. */
export interface TableSources {
  client: Pick<typeof ClientModule, "DEFAULT_MAX_RETRIES" | "DEFAULT_THROTTLE_BUDGET_MS">;
  config: Pick<typeof ConfigModule, "CONFIG_KEYS" | "CONFIG_NAMESPACE" | "DEFAULT_PROJECT_NAME" | "DEFAULT_WAIT_TIMEOUT_SECONDS" | "DEFAULT_POLL_INTERVAL_SECONDS" | "MAX_POLL_INTERVAL_SECONDS">;
  errors: Pick<typeof ErrorsModule, "ERROR_CODES" | "NEXT_STEP_OF_KIND">;
  gateways: Pick<typeof GatewaysModule, "DIALECTS" | "capabilityTableMarkdown">;
  limits: Pick<typeof LimitsModule, "DEFAULT_LIMIT_SET" | "LIMIT_SET_NAMES">;
  rateLimit: Pick<typeof RateLimitModule, "describeRateLimit">;
  tiers: Pick<typeof TiersModule, "tiersOfGateway" | "sourcedDefaultTier" | "TIER_NAMES">;
  transport: Pick<typeof TransportModule, "DEFAULT_TIMEOUT_MS">;
}

/** The files that carry generated tables, relative to the repository root. */
export const GENERATED_FILES = ["README.md", "docs/reference.md"] as const;

type ConfigKeyName = TableSources["config"]["CONFIG_KEYS"][number]["key"];

/** What each configuration key is for and its default, as the docs say it. Typed by CONFIG_KEYS: a new key needs a row. */
const CONFIG_DOCS: Record<ConfigKeyName, { what: string; default: (s: TableSources) => string }> = {
  gateway: { what: "the gateway, one of the names in README.md \"Gateways\"", default: () => "none: required" },
  baseUrl: { what: "the gateway's base URL (an emulator's, a regional host)", default: (s) => perGateway(s, (d) => d.defaults.baseUrl) },
  apiKey: { what: "the API key of a Bearer gateway", default: () => "—" },
  accessKeyId: { what: "the access key id of a native (AK/SK) gateway", default: () => "—" },
  secretAccessKey: { what: "the secret access key of a native gateway", default: () => "—" },
  securityToken: { what: "the STS session token of temporary native keys (sent as `X-Security-Token`, signed)", default: () => "—" },
  region: { what: "the signing region of a native gateway", default: (s) => perGateway(s, (d) => d.defaults.region) },
  service: { what: "the signing service of a native gateway", default: (s) => perGateway(s, (d) => d.defaults.service) },
  version: { what: "the API version of a native gateway (`Version=` in the query)", default: (s) => perGateway(s, (d) => d.defaults.version) },
  projectName: { what: "the Ark project of assets and groups", default: (s) => code(s.config.DEFAULT_PROJECT_NAME) },
  rateLimits: {
    what: 'per-Action client pacing, JSON `{"CreateAsset":{"requests":3,"perSeconds":60}}`; overrides the tier\'s',
    default: () => "the tier's (Tiers below)",
  },
  tier: { what: "the account's tier (Tiers below): paces the calls, bounds the library", default: (s) => perGateway(s, (d) => s.tiers.sourcedDefaultTier(d.name).value) },
  requestTimeoutSeconds: { what: "seconds one HTTP attempt may wait for headers or between body chunks", default: (s) => String(s.transport.DEFAULT_TIMEOUT_MS / 1000) },
  maxRetries: { what: "retries of a failed call that is safe to repeat", default: (s) => String(s.client.DEFAULT_MAX_RETRIES) },
  throttleBudgetSeconds: { what: "seconds one call may spend waiting on throttled answers (429) before failing", default: (s) => String(s.client.DEFAULT_THROTTLE_BUDGET_MS / 1000) },
  waitTimeoutSeconds: { what: "seconds `pulumi up` waits for an asset to leave Processing", default: (s) => String(s.config.DEFAULT_WAIT_TIMEOUT_SECONDS) },
  pollIntervalSeconds: {
    what: "first interval between status checks, in seconds",
    default: (s) => `${s.config.DEFAULT_POLL_INTERVAL_SECONDS} (grows ×1.5 per round up to ${s.config.MAX_POLL_INTERVAL_SECONDS})`,
  },
  mediaLimits: {
    what: "the published media limits `check` applies before upload",
    default: (s) => perGateway(s, (d) => s.limits.DEFAULT_LIMIT_SET[d.name]),
  },
  profiles: { what: "named profiles (`seedance:profiles.<name>`), each complete on its own, `gateway` required", default: () => "—" },
};

/** What each error code means, by ERROR_CODES key. Typed by ERROR_CODES: a new code needs a row. */
const ERROR_DOCS: Record<keyof TableSources["errors"]["ERROR_CODES"], string> = {
  Gateway: "the gateway answered with a failure of no known kind",
  NotFound: "the gateway does not know the id (or the project)",
  Unauthorized: "the credentials were refused",
  Forbidden: "the credentials may not do this (policy, project, subscription)",
  Throttled: "the gateway throttled the call (429, FlowLimitExceeded) longer than `seedance:throttleBudgetSeconds`",
  InvalidParameter: "the gateway refused a field",
  Conflict: "the name or object already exists",
  Unavailable: "the gateway is temporarily unavailable (503)",
  Internal: "the gateway failed internally (5xx)",
  Network: "no usable answer: connection refused or reset, DNS (`cause` kept)",
  Timeout: "no answer in time (`seedance:requestTimeoutSeconds`)",
  ResponseValidation: "the call succeeded but the answer did not match the schema",
  UnsupportedAction: "the gateway does not serve the Action (nothing was sent)",
  Config: "the profile is incomplete or wrong (nothing was sent)",
};

/** The gateway failure kind of an ERROR_CODES key (GatewayError subclasses), for its next step. */
const KIND_OF_CODE: Partial<Record<keyof TableSources["errors"]["ERROR_CODES"], keyof TableSources["errors"]["NEXT_STEP_OF_KIND"]>> = {
  Gateway: "Unknown",
  NotFound: "NotFound",
  Unauthorized: "Unauthorized",
  Forbidden: "Forbidden",
  Throttled: "Throttled",
  InvalidParameter: "InvalidParameter",
  Conflict: "Conflict",
  Unavailable: "Unavailable",
  Internal: "Internal",
};

function code(value: string): string {
  return `\`${value}\``;
}

/** Markdown table cells must not contain a bare `|`. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** `volcengine `x`, byteplus `y`` — the gateways that have a value, grouped when they share it. */
function perGateway(s: TableSources, value: (d: TableSources["gateways"]["DIALECTS"][number]) => string | undefined): string {
  const byValue = new Map<string, string[]>();
  for (const d of s.gateways.DIALECTS) {
    const v = value(d);
    if (v === undefined) continue;
    byValue.set(v, [...(byValue.get(v) ?? []), d.name]);
  }
  if (byValue.size === 0) return "—";
  return [...byValue].map(([v, names]) => `${code(v)} (${names.join(", ")})`).join("; ");
}

function configTable(s: TableSources): string {
  const rows = s.config.CONFIG_KEYS.map((k) => {
    const doc = CONFIG_DOCS[k.key];
    if (!doc) throw new Error(`scripts/docs-tables.mts: no CONFIG_DOCS row for ${s.config.CONFIG_NAMESPACE}:${k.key}`);
    const env = k.env.length ? k.env.map(code).join(", ") : "—";
    return `| ${code(`${s.config.CONFIG_NAMESPACE}:${k.key}`)} | ${cell(doc.what)} | ${env} | ${k.secret ? "yes" : "no"} | ${cell(doc.default(s))} |`;
  });
  return ["| key | what | environment variables | secret | default |", "|---|---|---|---|---|", ...rows].join("\n");
}

function errorTable(s: TableSources): string {
  const rows = (Object.entries(s.errors.ERROR_CODES) as [keyof typeof ERROR_DOCS, string][]).map(([name, value]) => {
    const kind = KIND_OF_CODE[name];
    const next = kind ? s.errors.NEXT_STEP_OF_KIND[kind] : "in the message (it depends on the cause)";
    return `| ${code(value)} | \`${name === "Gateway" ? "GatewayError" : `${name}Error`}\` | ${cell(ERROR_DOCS[name])} | ${cell(next)} |`;
  });
  return ["| code | class | meaning | next step |", "|---|---|---|---|", ...rows].join("\n");
}

/** Per gateway: its default tier, a table of Action limits and quotas by tier, and the sources as numbered notes. */
function tierTables(s: TableSources): string {
  const sections: string[] = [];
  for (const d of s.gateways.DIALECTS) {
    const tiers = s.tiers.tiersOfGateway(d.name);
    const def = s.tiers.sourcedDefaultTier(d.name);
    const notes: string[] = [];
    const ref = (source: string) => {
      const at = notes.indexOf(source);
      return `[${at >= 0 ? at + 1 : notes.push(source)}]`;
    };
    const refs = (sources: string[]) => [...new Set(sources.map(ref))].join(" ");
    const header = `| | ${s.tiers.TIER_NAMES.map((t) => (t === def.value ? `${t} (default)` : t)).join(" | ")} | source |`;
    const actions = Object.keys(tiers.entry.rateLimits) as Action[];
    const rows = actions.map((action) => {
      const limits = s.tiers.TIER_NAMES.map((t) => tiers[t].rateLimits[action]!);
      return `| ${action} | ${limits.map((l) => s.rateLimit.describeRateLimit(l.value)).join(" | ")} | ${refs(limits.map((l) => l.source))} |`;
    });
    for (const quota of ["assets", "groups"] as const) {
      const values = s.tiers.TIER_NAMES.map((t) => tiers[t].quotas[quota]);
      rows.push(`| ${quota} (quota) | ${values.map((q) => q.value.toLocaleString("en-US")).join(" | ")} | ${refs(values.map((q) => q.source))} |`);
    }
    const defaultRef = ref(def.source);
    sections.push(
      [
        `### ${d.name}`,
        "",
        `Default tier: ${code(def.value)} ${defaultRef}.`,
        "",
        header,
        `|---|${s.tiers.TIER_NAMES.map(() => "---|").join("")}---|`,
        ...rows,
        "",
        ...notes.map((note, i) => `${i + 1}. ${note}`),
      ].join("\n"),
    );
  }
  return sections.join("\n\n");
}

/** Every generated table by marker name. */
export function renderTables(s: TableSources): Record<string, string> {
  return {
    capabilities: s.gateways.capabilityTableMarkdown(),
    config: configTable(s),
    errors: errorTable(s),
    tiers: tierTables(s),
  };
}

const MARKER = /(<!-- generated:([a-z-]+) -->\n)([\s\S]*?)(<!-- \/generated -->)/g;

/**
 * A document with each marked table replaced by its rendering.
 * @throws Error when a marker names no known table, or when markers are unbalanced.
 */
export function applyTables(text: string, tables: Record<string, string>, file = "document"): string {
  const opened = text.match(/<!-- generated:[a-z-]+ -->/g)?.length ?? 0;
  const closed = text.match(/<!-- \/generated -->/g)?.length ?? 0;
  if (opened !== closed) throw new Error(`${file}: ${opened} <!-- generated:… --> markers but ${closed} <!-- /generated --> markers.`);
  return text.replace(MARKER, (_all, open: string, name: string, _old: string, close: string) => {
    const table = tables[name];
    if (table === undefined) throw new Error(`${file}: <!-- generated:${name} --> names no table (known: ${Object.keys(tables).join(", ")}).`);
    return `${open}${table}\n${close}`;
  });
}

/** The names of the tables a document marks. */
export function markedTables(text: string): string[] {
  return [...text.matchAll(MARKER)].map((m) => m[2]!);
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const sources: TableSources = {
    client: await import("pulumi-seedance-assets/provider/client"),
    config: await import("pulumi-seedance-assets/provider/resources/config"),
    errors: await import("pulumi-seedance-assets/provider/errors"),
    gateways: await import("pulumi-seedance-assets/provider/gateways/index"),
    limits: await import("pulumi-seedance-assets/provider/media/limits"),
    rateLimit: await import("pulumi-seedance-assets/provider/rate-limit"),
    tiers: await import("pulumi-seedance-assets/provider/gateways/tiers"),
    transport: await import("pulumi-seedance-assets/provider/transport"),
  };
  const tables = renderTables(sources);
  const root = join(import.meta.dirname, "..");
  const stale: string[] = [];
  for (const file of GENERATED_FILES) {
    const path = join(root, file);
    const before = readFileSync(path, "utf8");
    const after = applyTables(before, tables, file);
    if (after === before) continue;
    stale.push(file);
    if (!check) writeFileSync(path, after);
  }
  if (check && stale.length) {
    console.error(`Stale generated tables in ${stale.join(", ")}: run \`npm run build && npm run docs:tables\`.`);
    process.exit(1);
  }
  console.log(stale.length ? `${check ? "stale" : "rewrote"}: ${stale.join(", ")}` : "tables up to date");
}

if (import.meta.main) await main();
