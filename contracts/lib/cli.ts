/**
 * The contract CLI (`seedance-assets verify` in the package; `npm run contracts:verify`, `npm run contracts:publish` in
 * the repository; compiled to dist/contracts/lib/cli.js):
 *
 *   verify  --gateway <name> [--base-url <url>] [--allow-billed] [--image-url <url>] [--region <r>] [--report <file>]
 *           Verifies a live gateway against its pact, with credentials from the environment (CREDENTIAL_ENV), provider
 *           states set up through the real API (./live-states.ts) and cleaned up afterwards, and writes a Markdown
 *           compatibility report (default contracts/reports/live-<gateway>.md). With PACT_BROKER_BASE_URL set, the
 *           broker's pacts are verified and the results published (version = git SHA, branch = git branch).
 *   publish Publishes contracts/pacts/*.json to the broker at PACT_BROKER_BASE_URL.
 *
 * Exit codes: 0 compatible / published, 1 verification failed, 2 usage or configuration error.
 * Credentials are read from the environment only, never printed, and scrubbed from everything written.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { GatewayClient, type GatewayProfile } from "../../provider/client.js";
import { DIALECTS, envPrefixOf, GATEWAY_NAMES, getDialect, isGatewayName } from "../../provider/gateways/index.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { scrubSecrets } from "../../provider/logging.js";
import { brokerFromEnv, publishPacts, versionInfo, type BrokerConfig } from "./broker.js";
import { LiveStates } from "./live-states.js";
import { pactDir, pactFile, repoRoot, reportDir } from "./names.js";
import { captureCreatedIds, createRequestFilter, type TargetCredentials } from "./request-filter.js";
import { renderReport, writeReport } from "./report.js";
import { readPactInteractions, verifyGateway, type VerifyResult } from "./verify.js";

/**
 * The environment variables holding each gateway's credentials, first match wins: `<PREFIX>_ACCESS_KEY_ID`,
 * `_SECRET_ACCESS_KEY`, `_SESSION_TOKEN` for AK/SK gateways, `<PREFIX>_API_KEY` then `SEEDANCE_API_KEY` for Bearer
 * ones (PREFIX: the gateway name in capitals, ../../provider/gateways/index.ts `envPrefixOf`).
 */
export const CREDENTIAL_ENV: Readonly<Record<GatewayName, Readonly<Partial<Record<keyof TargetCredentials, readonly string[]>>>>> = Object.fromEntries(
  DIALECTS.map((d): [GatewayName, Partial<Record<keyof TargetCredentials, readonly string[]>>] => {
    const prefix = envPrefixOf(d.name);
    return [
      d.name,
      d.capabilities.auth === "aksk"
        ? { accessKeyId: [`${prefix}_ACCESS_KEY_ID`], secretAccessKey: [`${prefix}_SECRET_ACCESS_KEY`], securityToken: [`${prefix}_SESSION_TOKEN`] }
        : { apiKey: [`${prefix}_API_KEY`, "SEEDANCE_API_KEY"] },
    ];
  }),
) as Record<GatewayName, Partial<Record<keyof TargetCredentials, readonly string[]>>>;

/** A usage or configuration problem (exit code 2). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/**
 * The credentials of a gateway from the environment.
 * @throws UsageError naming the variables to set (never their values) when a required one is missing.
 */
export function credentialsFromEnv(gateway: GatewayName, env: NodeJS.ProcessEnv = process.env): TargetCredentials {
  const names = CREDENTIAL_ENV[gateway];
  const pick = (key: keyof TargetCredentials) => names[key]?.map((n) => env[n]).find((v) => v !== undefined && v !== "");
  const out: TargetCredentials = {};
  for (const key of ["apiKey", "accessKeyId", "secretAccessKey", "securityToken"] as const) {
    const value = pick(key);
    if (value) out[key] = value;
  }
  const required = getDialect(gateway).capabilities.auth === "aksk" ? (["accessKeyId", "secretAccessKey"] as const) : (["apiKey"] as const);
  const missing = required.filter((k) => !out[k]);
  if (missing.length) {
    throw new UsageError(`Missing credentials for ${gateway}: set ${missing.map((k) => names[k]!.join(" or ")).join(" and ")}.`);
  }
  return out;
}

/** Options of runLiveVerification (the CLI fills them from arguments and the environment). */
export interface LiveVerificationOptions {
  gateway: GatewayName;
  baseUrl: string;
  credentials: TargetCredentials;
  allowBilled: boolean;
  imageUrl?: string;
  region?: string;
  /** Report file; default contracts/reports/live-<gateway>.md. */
  reportFile?: string;
  /** Verify the broker's pacts and publish results. */
  broker?: BrokerConfig & { providerVersion: string; providerVersionBranch?: string };
  /** Known resources to read instead of searching (SEEDANCE_CONTRACT_*). */
  known?: ConstructorParameters<typeof LiveStates>[0]["known"];
  waitSeconds?: number;
  log?: (line: string) => void;
}

/** A live verification's outcome: the verification, the cleanup notes and where the report went. */
export interface LiveVerificationResult {
  result: VerifyResult;
  cleanup: string[];
  reportFile: string;
}

/** Verifies one live gateway (see the module comment). Never throws for a failed verification. */
export async function runLiveVerification(options: LiveVerificationOptions): Promise<LiveVerificationResult> {
  const log = options.log ?? (() => {});
  const secrets = [options.credentials.apiKey, options.credentials.secretAccessKey, options.credentials.securityToken, options.broker?.token, options.broker?.password];
  const scrub = (text: string) => scrubSecrets(text, secrets);
  const profile: GatewayProfile = { gateway: options.gateway, baseUrl: options.baseUrl, ...options.credentials, maxRetries: 2, ...(options.region ? { region: options.region } : {}) };
  const client = new GatewayClient(profile, { debug: false });
  const states = new LiveStates({
    client,
    allowBilled: options.allowBilled,
    ...(options.imageUrl ? { imageUrl: options.imageUrl } : {}),
    ...(options.known ? { known: options.known } : {}),
    ...(options.waitSeconds ? { waitSeconds: options.waitSeconds } : {}),
    log: (line) => log(scrub(line)),
  });
  const reportFile = options.reportFile ?? resolve(reportDir(), `live-${options.gateway}.md`);
  let result: VerifyResult;
  let cleanup: string[] = [];
  try {
    const skip = await states.plan(readPactInteractions(pactFile(options.gateway)));
    log(`${skip.size} interaction(s) will be skipped; verifying the others against ${options.baseUrl}`);
    const filter = createRequestFilter({
      gateway: options.gateway,
      targetBaseUrl: options.baseUrl,
      credentials: options.credentials,
      ...(options.region ? { region: options.region } : {}),
      rejectCredentials: states.rejectCredentials,
    });
    result = await verifyGateway({
      gateway: options.gateway,
      providerBaseUrl: options.baseUrl,
      target: options.baseUrl,
      stateHandlers: states.stateHandlers(),
      requestFilter: captureCreatedIds(options.gateway, filter, (action, id) => states.recordCreated(action, id)),
      skip,
      ...(options.broker
        ? {
            broker: {
              url: options.broker.url,
              ...(options.broker.token ? { token: options.broker.token } : {}),
              ...(options.broker.username ? { username: options.broker.username, password: options.broker.password ?? "" } : {}),
              providerVersion: options.broker.providerVersion,
              ...(options.broker.providerVersionBranch ? { providerVersionBranch: options.broker.providerVersionBranch } : {}),
            },
          }
        : {}),
    });
  } finally {
    cleanup = await states.cleanup().catch((error: unknown) => [`cleanup failed: ${String(error)}`]);
    await client.close();
  }
  const notes = [
    `Live verification of **${options.gateway}** at ${options.baseUrl}, ${new Date().toISOString()}.`,
    `Billed actions ${options.allowBilled ? "allowed (--allow-billed)" : "skipped (run with --allow-billed to include them)"}.`,
    options.broker ? `Pacts from the broker, results published as provider version ${options.broker.providerVersion}.` : "Pacts from contracts/pacts (local files).",
    ...cleanup.map((c) => `Cleanup: ${c}.`),
  ];
  writeReport(reportFile, scrub(renderReport([result], { title: `Contract compatibility report: ${options.gateway} (live)`, notes })));
  return { result: { ...result, failureText: scrub(result.failureText) }, cleanup: cleanup.map(scrub), reportFile };
}

const USAGE = `Usage:
  seedance-assets verify --gateway <${GATEWAY_NAMES.join("|")}> [--base-url <url>] [--allow-billed]
                         [--image-url <public image url>] [--region <region>] [--report <file>]
  npm run contracts:publish      (in the pulumi-seedance-assets repository: publish the pacts to a broker)

Credentials come from the environment (never from arguments):
${GATEWAY_NAMES.map((g) => `  ${g.padEnd(12)} ${Object.entries(CREDENTIAL_ENV[g]).map(([k, v]) => `${k}: ${v.join(" or ")}`).join("; ")}`).join("\n")}
Broker (optional): PACT_BROKER_BASE_URL, and PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD.
See contracts/README.md.`;

async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      gateway: { type: "string" },
      "base-url": { type: "string" },
      "allow-billed": { type: "boolean", default: false },
      "image-url": { type: "string" },
      region: { type: "string" },
      report: { type: "string" },
      wait: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const gateway = values.gateway;
  if (!gateway || !isGatewayName(gateway)) throw new UsageError(`--gateway must be one of ${GATEWAY_NAMES.join(", ")}.`);
  const baseUrl = (values["base-url"] ?? getDialect(gateway).defaults.baseUrl).replace(/\/+$/, "");
  try {
    new URL(baseUrl);
  } catch {
    throw new UsageError(`--base-url must be a URL, got "${baseUrl}".`);
  }
  const credentials = credentialsFromEnv(gateway);
  const env = process.env;
  const broker = brokerFromEnv(env);
  let brokerOptions: LiveVerificationOptions["broker"];
  if (broker) {
    const info = versionInfo(repoRoot(), env);
    if (info.dirty) console.log(`warning: the working tree has uncommitted changes; results are published for ${info.version} anyway.`);
    brokerOptions = { ...broker, providerVersion: info.version, ...(info.branch ? { providerVersionBranch: info.branch } : {}) };
  }
  const known = {
    ...(env["SEEDANCE_CONTRACT_GROUP_ID"] ? { groupId: env["SEEDANCE_CONTRACT_GROUP_ID"] } : {}),
    assets: {
      ...(env["SEEDANCE_CONTRACT_ACTIVE_ASSET_ID"] ? { Active: env["SEEDANCE_CONTRACT_ACTIVE_ASSET_ID"] } : {}),
      ...(env["SEEDANCE_CONTRACT_PROCESSING_ASSET_ID"] ? { Processing: env["SEEDANCE_CONTRACT_PROCESSING_ASSET_ID"] } : {}),
      ...(env["SEEDANCE_CONTRACT_FAILED_ASSET_ID"] ? { Failed: env["SEEDANCE_CONTRACT_FAILED_ASSET_ID"] } : {}),
    },
  };
  const imageUrl = values["image-url"] ?? env["SEEDANCE_CONTRACT_IMAGE_URL"];
  const region = values.region ?? env["SEEDANCE_REGION"];
  const { result, cleanup, reportFile } = await runLiveVerification({
    gateway,
    baseUrl,
    credentials,
    allowBilled: values["allow-billed"] ?? false,
    ...(imageUrl ? { imageUrl } : {}),
    ...(region ? { region } : {}),
    ...(values.report ? { reportFile: resolve(values.report) } : {}),
    ...(brokerOptions ? { broker: brokerOptions } : {}),
    known,
    ...(values.wait ? { waitSeconds: Number(values.wait) } : {}),
    log: (line) => console.log(line),
  });

  const count = (s: string) => result.interactions.filter((i) => i.status === s).length;
  console.log(`\n${gateway} at ${baseUrl}: ${count("pass")} passed, ${count("fail")} failed, ${count("skipped")} skipped.`);
  if (result.error) console.log(`Not verified: ${result.error}`);
  if (result.failureText) console.log(`\n${result.failureText}`);
  const skipped = result.interactions.filter((i) => i.status === "skipped");
  if (skipped.length) console.log(`\nSkipped:\n${skipped.map((i) => `  - ${i.description}: ${i.reason ?? ""}`).join("\n")}`);
  if (cleanup.length) console.log(`\nCleanup:\n${cleanup.map((c) => `  - ${c}`).join("\n")}`);
  console.log(`\nReport: ${reportFile}`);
  return result.ok && !result.error ? 0 : 1;
}

async function publishCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { help: { type: "boolean", default: false } }, strict: true });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const broker = brokerFromEnv();
  if (!broker) throw new UsageError("PACT_BROKER_BASE_URL is not set: there is no broker to publish to.");
  const info = versionInfo(repoRoot());
  if (info.dirty) console.log(`warning: the working tree has uncommitted changes; the pacts are published as ${info.version} anyway.`);
  const files = readdirSync(pactDir())
    .filter((f) => f.endsWith(".json"))
    .map((f) => resolve(pactDir(), f));
  if (files.length === 0) throw new UsageError("No pact files in contracts/pacts: run the consumer tests first.");
  const { logs } = await publishPacts(broker, files, info);
  for (const line of logs) console.log(`${line.level}: ${scrubSecrets(line.message, [broker.token, broker.password])}`);
  console.log(`Published ${files.length} pact(s) as ${info.version}${info.branch ? ` on branch ${info.branch}` : ""}.`);
  return 0;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "verify") return await verifyCommand(rest);
    if (command === "publish") return await publishCommand(rest);
    console.log(USAGE);
    return command === undefined || command === "--help" || command === "help" ? 0 : 2;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      console.error(`error: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

// Run only as a program (node dist/contracts/lib/cli.js), not when imported (tests import runLiveVerification).
if (typeof require !== "undefined" && typeof module !== "undefined" && require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
