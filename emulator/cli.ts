/**
 * `npm run emulator -- [options]`: starts the emulator and prints the address it is bound to, its public URL, the
 * base URL of each gateway and the default credentials (never user-supplied secrets). Bound beyond loopback, it says
 * so and prints the admin token once (unless the token was supplied). Stops on SIGINT/SIGTERM, writing the state file.
 * Run `npm run build` first (the script runs dist/emulator/cli.js).
 */
import { parseArgs } from "node:util";
import type { Action } from "../provider/api.js";
import { ALL_ACTIONS } from "../provider/api.js";
import { ACCOUNT_STATES, type AccountState } from "./account.js";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "./auth.js";
import type { FaultOptions, FaultSpec } from "./faults.js";
import { LIMIT_SETS, type LimitSetName } from "../provider/media/limits.js";
import { ANYFAST_RELAY_SHAPES, anyfastDialect } from "../provider/gateways/anyfast.js";
import { DIALECTS } from "../provider/gateways/index.js";
import type { RateLimitOptions } from "./ratelimit.js";
import { isTierName, TIER_NAMES } from "../provider/gateways/tiers.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "./server.js";

/** The port the CLI listens on unless told otherwise. */
export const DEFAULT_CLI_PORT = 4010;

export const HELP = `Seedance asset-library gateway emulator: every gateway dialect on one port.

Usage: npm run emulator -- [options]

  --port <n>                 port to listen on (default ${DEFAULT_CLI_PORT}; 0 = any free port)
  --host <addr>              interface (default 127.0.0.1, this machine only). Any other (e.g. 0.0.0.0) makes the
                             admin API require an admin token, generated and printed once unless given
  --public-url <url>         base URL other machines reach the emulator at (presigned links, gateway base URLs);
                             default the URL it listens on. Never taken from a request's Host header
  --admin-token <token>      admin token to require (also on loopback); or env SEEDANCE_EMULATOR_ADMIN_TOKEN
  --api-key <key>            accepted Bearer API key; repeatable (default ${DEFAULT_API_KEY})
  --access-key-id <ak>       accepted access key id (AK/SK gateways; default ${DEFAULT_ACCESS_KEY_ID})
  --secret-access-key <sk>   its secret (required with --access-key-id; never printed)
  --processing-ms <n>        how long new assets stay Processing, in ms (default 2000)
  --limits 720p|1080p|4k     media limits for every gateway (also first = 720p, later = 4k); default: each
                             gateway's newest documented set (provider/media/limits.ts DEFAULT_LIMIT_SET)
  --state-file <path>        keep the data in a JSON file so it survives a restart (default: memory only)
  --tier entry|advanced|premium
                             the account tier of every gateway: its rate limits (CreateAsset 3 / 120 / 300 per
                             minute on BytePlus) and quotas (50 / 1 M / 5 M assets and groups); default each
                             gateway's default tier (volcengine, byteplus: entry; resellers: advanced)
  --rate-limit <A=r/s>       override the tier's rate limit, e.g. GetAsset=5/1 (r requests per s seconds); repeatable
  --no-rate-limits           turn throttling off
  --no-quotas                do not enforce the tier's asset and group quotas
  --error-rate <x>           probability 0–1 of an injected 500/503 (default 0)
  --latency-ms <n>           added latency per call, in ms (default 0)
  --drop-rate <x>            probability 0–1 of dropping the connection after handling a call (default 0)
  --action-fault <A:k=v,…>   faults for one Action, e.g. CreateAsset:errorRate=0.5,latencyMs=200 (keys errorRate,
                             latencyMs, dropRate); repeatable
  --unknown-answer-rate <x>  probability 0–1 of an answer in no documented shape (an HTML 404 page) (default 0)
  --anyfast-relay-shape <s>  Anyfast's relayed-error shape: error-object (default), json-in-message, code-message,
                             plain-text (which one the real gateway uses is a guess; see provider/gateways/anyfast.ts)
  --anyfast-mask-codes <m>   none (default) or parameters: mask dotted parameter codes as [***.Suffix]
  --seed <n>                 seed of the fault PRNG (default 1)
  --account-state <s>        active (default), subscriptionRequired, authorizationUnsigned or quotaExceeded:
                             every gateway answers as such an account would (emulator/account.ts)
  --group-lag-ms <n>         CreateAsset into a group younger than this answers its NotFound (default 0: off)
  --asset-lag-ms <n>         GetAsset/ListAssets do not show an asset younger than this (default 0: off)
  --help                     this text

Admin surface (JSON; writes need Content-Type: application/json; requests from a foreign web Origin are refused;
Authorization: Bearer <admin token> when bound beyond loopback): GET /_emulator/health, POST /_emulator/reset,
POST /_emulator/groups, POST /_emulator/assets, GET /_emulator/state, PUT /_emulator/faults,
PUT /_emulator/rate-limits, PUT /_emulator/processing, PUT /_emulator/account, PUT /_emulator/consistency,
PUT /_emulator/credentials, GET /_emulator/requests,
GET /_emulator/samples/<name>.<png|gif|bmp|wav|mp3|mp4|mov>. See emulator/README.md.`;

/** Parses CLI arguments into emulator options. @throws Error with a message naming the bad option. */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>> = process.env): { help: true } | { help: false; options: EmulatorOptions } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowNegative: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "public-url": { type: "string" },
      "admin-token": { type: "string" },
      "api-key": { type: "string", multiple: true },
      "access-key-id": { type: "string" },
      "secret-access-key": { type: "string" },
      "processing-ms": { type: "string" },
      limits: { type: "string" },
      "state-file": { type: "string" },
      "rate-limit": { type: "string", multiple: true },
      "rate-limits": { type: "boolean" },
      tier: { type: "string" },
      quotas: { type: "boolean" },
      "error-rate": { type: "string" },
      "latency-ms": { type: "string" },
      "drop-rate": { type: "string" },
      "action-fault": { type: "string", multiple: true },
      "unknown-answer-rate": { type: "string" },
      "anyfast-relay-shape": { type: "string" },
      "anyfast-mask-codes": { type: "string" },
      seed: { type: "string" },
      "account-state": { type: "string" },
      "group-lag-ms": { type: "string" },
      "asset-lag-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { help: true };
  const num = (name: string, value: string | undefined, min: number, max = Infinity): number | undefined => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number between ${min} and ${max}, got "${value}".`);
    return n;
  };
  const options: EmulatorOptions = { port: num("port", values.port, 0, 65535) ?? DEFAULT_CLI_PORT };
  if (values.host) options.host = values.host;
  if (values["public-url"] !== undefined) {
    const u = URL.canParse(values["public-url"]) ? new URL(values["public-url"]) : undefined;
    if (!u || !/^https?:$/.test(u.protocol) || u.search || u.hash) throw new Error(`--public-url must be an http(s) base URL such as http://emulator.ci.internal:4010, got "${values["public-url"]}".`);
    options.publicUrl = values["public-url"];
  }
  const adminToken = values["admin-token"] ?? (env["SEEDANCE_EMULATOR_ADMIN_TOKEN"] || undefined);
  if (adminToken !== undefined) {
    if (!/^[\x21-\x7e]{16,}$/.test(adminToken)) throw new Error("--admin-token (or SEEDANCE_EMULATOR_ADMIN_TOKEN) must be at least 16 printable characters without spaces.");
    options.adminToken = adminToken;
  }
  if (values["api-key"]?.length) options.apiKeys = values["api-key"];
  if (values["access-key-id"] || values["secret-access-key"]) {
    if (!values["access-key-id"] || !values["secret-access-key"]) throw new Error("--access-key-id and --secret-access-key go together.");
    options.accessKeys = [{ accessKeyId: values["access-key-id"], secretAccessKey: values["secret-access-key"] }];
  }
  const processingMs = num("processing-ms", values["processing-ms"], 0);
  if (processingMs !== undefined) options.processingMs = processingMs;
  if (values.limits !== undefined) {
    if (!(values.limits in LIMIT_SETS)) throw new Error(`--limits must be one of ${Object.keys(LIMIT_SETS).join(", ")}.`);
    options.limits = values.limits as LimitSetName;
  }
  if (values["state-file"]) options.stateFile = values["state-file"];
  if (values.tier !== undefined) {
    if (!isTierName(values.tier)) throw new Error(`--tier must be one of ${TIER_NAMES.join(", ")}, got "${values.tier}".`);
    options.tier = values.tier;
  }
  if (values.quotas === false) options.quotas = false;
  if (values["rate-limits"] === false) {
    options.rateLimits = false;
  } else if (values["rate-limit"]?.length) {
    const overrides: Exclude<RateLimitOptions, false> = {};
    for (const spec of values["rate-limit"]) {
      const m = /^(\w+)=(\d+)\/(\d+(?:\.\d+)?)$/.exec(spec);
      if (!m || !(ALL_ACTIONS as readonly string[]).includes(m[1]!)) throw new Error(`--rate-limit must look like GetAsset=5/1 with a known Action, got "${spec}".`);
      overrides[m[1] as Action] = { requests: Number(m[2]), perSeconds: Number(m[3]) };
    }
    options.rateLimits = overrides;
  }
  const faults: FaultOptions = {};
  const errorRate = num("error-rate", values["error-rate"], 0, 1);
  const latencyMs = num("latency-ms", values["latency-ms"], 0);
  const dropRate = num("drop-rate", values["drop-rate"], 0, 1);
  const seed = num("seed", values.seed, 0);
  if (errorRate !== undefined) faults.errorRate = errorRate;
  if (latencyMs !== undefined) faults.latencyMs = latencyMs;
  if (dropRate !== undefined) faults.dropRate = dropRate;
  const unknownAnswerRate = num("unknown-answer-rate", values["unknown-answer-rate"], 0, 1);
  if (unknownAnswerRate !== undefined) faults.unknownAnswerRate = unknownAnswerRate;
  if (seed !== undefined) faults.seed = seed;
  for (const spec of values["action-fault"] ?? []) {
    const m = /^(\w+):(.+)$/.exec(spec);
    if (!m || !(ALL_ACTIONS as readonly string[]).includes(m[1]!)) throw new Error(`--action-fault must look like CreateAsset:errorRate=0.5 with a known Action, got "${spec}".`);
    const faultSpec: FaultSpec = {};
    for (const pair of m[2]!.split(",")) {
      const [key, value] = pair.split("=");
      if (key !== "errorRate" && key !== "latencyMs" && key !== "dropRate") throw new Error(`--action-fault keys are errorRate, latencyMs and dropRate, got "${key}".`);
      if (value === undefined) throw new Error(`--action-fault needs key=value pairs, got "${pair}".`);
      faultSpec[key] = num(`action-fault ${key}`, value, 0, key === "latencyMs" ? Infinity : 1)!;
    }
    (faults.actions ??= {})[m[1] as Action] = faultSpec;
  }
  if (Object.keys(faults).length > 0) options.faults = faults;
  const accountState = values["account-state"];
  if (accountState !== undefined) {
    if (!(ACCOUNT_STATES as readonly string[]).includes(accountState)) throw new Error(`--account-state must be one of ${ACCOUNT_STATES.join(", ")}, got "${accountState}".`);
    options.accountState = accountState as AccountState;
  }
  const groupLagMs = num("group-lag-ms", values["group-lag-ms"], 0);
  const assetLagMs = num("asset-lag-ms", values["asset-lag-ms"], 0);
  if (groupLagMs !== undefined || assetLagMs !== undefined) {
    options.consistency = { ...(groupLagMs !== undefined ? { groupLagMs } : {}), ...(assetLagMs !== undefined ? { assetLagMs } : {}) };
  }
  const relayShape = values["anyfast-relay-shape"];
  const maskCodes = values["anyfast-mask-codes"];
  if (relayShape !== undefined || maskCodes !== undefined) {
    if (relayShape !== undefined && !(ANYFAST_RELAY_SHAPES as readonly string[]).includes(relayShape)) throw new Error(`--anyfast-relay-shape must be one of ${ANYFAST_RELAY_SHAPES.join(", ")}, got "${relayShape}".`);
    if (maskCodes !== undefined && maskCodes !== "none" && maskCodes !== "parameters") throw new Error(`--anyfast-mask-codes must be none or parameters, got "${maskCodes}".`);
    const variant = anyfastDialect({
      ...(relayShape ? { relayShape: relayShape as (typeof ANYFAST_RELAY_SHAPES)[number] } : {}),
      ...(maskCodes ? { maskCodes: maskCodes as "none" | "parameters" } : {}),
    });
    options.dialects = DIALECTS.map((d) => (d.name === "anyfast" ? variant : d));
  }
  return { help: false, options };
}

interface Health {
  gateways: { name: string; auth: string; baseUrl: string }[];
}

/**
 * The start banner: the address actually bound (and whether other machines can reach it), the public URL, each
 * gateway's base URL, the default credentials (never supplied ones), and — bound beyond loopback — how the admin
 * API is guarded, with a generated admin token printed this once.
 */
export function banner(emulator: Pick<EmulatorHandle, "address" | "loopback" | "publicUrl" | "url" | "adminToken">, options: EmulatorOptions, health: Health): string {
  const lines = [`Seedance asset emulator listening on ${emulator.address}${emulator.loopback ? " (this machine only)" : " (reachable from other machines)"}`];
  if (emulator.publicUrl !== emulator.url || !emulator.loopback) lines.push(`  Public URL: ${emulator.publicUrl}  (presigned links and the gateway URLs below)`);
  if (!emulator.loopback && options.publicUrl === undefined) {
    lines.push(`  Warning: presigned links point at ${emulator.publicUrl}; give --public-url http://<this host>:${new URL(emulator.url).port} for other machines.`);
  }
  lines.push("");
  for (const g of health.gateways) lines.push(`  ${g.name.padEnd(12)} ${g.baseUrl}  (${g.auth === "aksk" ? "AK/SK" : "Bearer"})`);
  lines.push("");
  lines.push(options.apiKeys ? `  API keys: ${options.apiKeys.length} supplied (not shown)` : `  API key:  ${DEFAULT_API_KEY}`);
  lines.push(
    options.accessKeys
      ? "  AK/SK:    supplied (not shown)"
      : `  AK/SK:    ${DEFAULT_ACCESS_KEY_ID} / ${DEFAULT_SECRET_ACCESS_KEY}  (regions cn-beijing → volcengine, ap-southeast-1 → byteplus)`,
  );
  if (!emulator.loopback && (!options.apiKeys || !options.accessKeys)) {
    lines.push("  Warning: the default credentials above are public; give --api-key and --access-key-id/--secret-access-key for a shared emulator.");
  }
  lines.push(`  Processing: ${options.processingMs ?? 2000} ms; limits: ${typeof options.limits === "string" ? options.limits : "per gateway (newest documented)"}${options.stateFile ? `; state file: ${options.stateFile}` : ""}`);
  if (options.accountState && options.accountState !== "active") lines.push(`  Account state: ${options.accountState} (PUT /_emulator/account to change)`);
  if (options.consistency) lines.push(`  Eventual consistency: group lag ${options.consistency.groupLagMs ?? 0} ms, asset lag ${options.consistency.assetLagMs ?? 0} ms`);
  lines.push(`  Tier: ${options.tier ?? "each gateway's default"}; rate limits ${options.rateLimits === false ? "off" : "on"}; quotas ${options.quotas === false ? "off" : "on"}`);
  lines.push(`  Admin: ${emulator.url}/_emulator/health    Ctrl-C to stop`);
  if (emulator.adminToken) {
    lines.push(`  The admin API (/_emulator/…, but health, samples and presigned objects) requires Authorization: Bearer <admin token>.`);
    lines.push(options.adminToken ? "  Admin token: supplied (not shown)" : `  Admin token (shown only now): ${emulator.adminToken}`);
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${HELP}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const { options } = parsed;
  const emulator = await startEmulator(options);
  process.stdout.write(`${banner(emulator, options, (await (await fetch(`${emulator.url}/_emulator/health`)).json()) as Health)}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

// Run only as the entry point (not when imported by tests, where `require` may not exist).
if (typeof require !== "undefined" && require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
