/**
 * One provider verification of one gateway's pact, shared by the emulator test, the drift test and the live CLI:
 * Pact's Verifier with the caller's state handlers and request filter, some interactions optionally skipped, and
 * the results parsed into one outcome per interaction (./results.ts) ready for the report (./report.ts).
 *
 * Pact JS reads several settings from the environment as well as from its options (pact-core's argument mapper):
 * `PACT_BROKER_BASE_URL` adds the broker as a pact source, `PACT_BROKER_PUBLISH_VERIFICATION_RESULTS` publishes,
 * `PACT_DESCRIPTION` / `PACT_PROVIDER_STATE` / `PACT_PROVIDER_NO_STATE` filter interactions. A verification here
 * controls all of them for its duration (and restores them after): a local run never talks to a broker by accident,
 * and skipping works by setting `PACT_DESCRIPTION` to a regex of exactly the interactions to run.
 */
import { existsSync, readFileSync } from "node:fs";
import { Verifier } from "@pact-foundation/pact";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { escapeRegex } from "./matchers.js";
import { actionOfDescription, pactFile, PROVIDERS } from "./names.js";
import type { RequestFilter } from "./request-filter.js";
import { formatFailures, parseVerifierResults, type InteractionOutcome } from "./results.js";
import type { GatewayVerification } from "./report.js";

/** A provider state handler as Pact's Verifier takes it: setup returns the values for `fromProviderState`. */
export interface StateHandler {
  setup?: (params?: unknown) => Promise<Record<string, unknown> | void>;
  teardown?: (params?: unknown) => Promise<Record<string, unknown> | void>;
}
/** State handlers by state name. */
export type StateHandlers = Record<string, StateHandler>;

/** Where to fetch pacts from and publish results to, instead of the local pact file. */
export interface BrokerSource {
  url: string;
  /** The broker's credentials, from PACT_BROKER_TOKEN or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD. */
  token?: string;
  username?: string;
  password?: string;
  /** The provider version results are published under (the git SHA). */
  providerVersion: string;
  /** The provider version's branch (the git branch). */
  providerVersionBranch?: string;
  /** Publish the verification results; default true. */
  publish?: boolean;
  /** Default: the consumer's main branch, the branch matching ours, and whatever is deployed or released. */
  consumerVersionSelectors?: Record<string, unknown>[];
}

/** Options of verifyGateway. */
export interface VerifyOptions {
  gateway: GatewayName;
  /** The provider under test, e.g. the emulator's URL or `https://www.anyfast.ai`. */
  providerBaseUrl: string;
  /** Shown in the report: `emulator`, or the base URL. Default providerBaseUrl. */
  target?: string;
  /** The local pact file; default contracts/pacts/<consumer>-<provider>.json. Always read for the interaction list. */
  pactFile?: string;
  /** Verify the broker's pacts (and publish results) instead of the local file. */
  broker?: BrokerSource;
  stateHandlers: StateHandlers;
  requestFilter?: RequestFilter;
  /** Interactions not to send, by description, with the reason the report shows (e.g. `billed`). */
  skip?: ReadonlyMap<string, string>;
  /** Per-request timeout of the verifier, ms; default 30 000. */
  timeoutMs?: number;
  /** Pact's log level; default `error`. */
  logLevel?: "trace" | "debug" | "info" | "warn" | "error";
}

/** A verification's outcome: the report's view plus the verdict, the verifier's output and a readable failure text. */
export interface VerifyResult extends GatewayVerification {
  ok: boolean;
  /** The verifier's console report, one line per entry, colours removed. */
  output: string[];
  /** Each failed interaction with its mismatches, one per line (./results.ts formatFailures); empty when ok. */
  failureText: string;
}

/** An interaction of a pact file: its description and the names of its provider states. */
export interface PactInteraction {
  description: string;
  providerStates: { name: string; params?: Record<string, unknown> }[];
}

/** A provider state as the report shows it: `an asset exists {status: Failed, errorCode: DurationTooLong}`. */
export function describeState(state: { name: string; params?: Record<string, unknown> }): string {
  const params = Object.entries(state.params ?? {});
  return params.length ? `${state.name} {${params.map(([k, v]) => `${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`).join(", ")}}` : state.name;
}

/** The interactions of a pact file (V2–V4 layouts), in file order. */
export function readPactInteractions(file: string): PactInteraction[] {
  const pact = JSON.parse(readFileSync(file, "utf8")) as { interactions?: Record<string, unknown>[] };
  return (pact.interactions ?? []).map((i) => {
    const states = Array.isArray(i["providerStates"])
      ? (i["providerStates"] as { name: string; params?: Record<string, unknown> }[])
      : typeof i["providerState"] === "string"
        ? [{ name: i["providerState"] as string }]
        : [];
    return { description: String(i["description"] ?? ""), providerStates: states };
  });
}

const PACT_ENV = [
  "PACT_BROKER_BASE_URL",
  "PACT_BROKER_PUBLISH_VERIFICATION_RESULTS",
  "PACT_DESCRIPTION",
  "PACT_PROVIDER_STATE",
  "PACT_PROVIDER_NO_STATE",
] as const;

/** Runs `fn` with the PACT_* variables above set to `values` (unset when absent), restoring them afterwards. */
async function withPactEnv<T>(values: Partial<Record<(typeof PACT_ENV)[number], string>>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map(PACT_ENV.map((k) => [k, process.env[k]]));
  for (const key of PACT_ENV) {
    if (values[key] === undefined) delete process.env[key];
    else process.env[key] = values[key];
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

/**
 * Verifies one gateway. Never throws for a failed verification: the result says what failed. Throws only for
 * programming errors (e.g. a pact file that is not JSON).
 */
export async function verifyGateway(options: VerifyOptions): Promise<VerifyResult> {
  const provider = PROVIDERS[options.gateway];
  const file = options.pactFile ?? pactFile(options.gateway);
  const target = options.target ?? options.providerBaseUrl;
  const base = { gateway: options.gateway, target };

  if (!options.broker && !existsSync(file)) {
    const error = `No pact file at ${file}: run the consumer tests first (npx vitest run --project contract contracts/consumer).`;
    return { ...base, interactions: [], error, ok: false, output: [], failureText: error };
  }
  const declared = existsSync(file) ? readPactInteractions(file) : [];
  const skip = options.skip ?? new Map<string, string>();
  const toRun = declared.filter((i) => !skip.has(i.description));
  const skipped: InteractionOutcome[] = declared
    .filter((i) => skip.has(i.description))
    .map((i) => ({
      description: i.description,
      action: actionOfDescription(i.description),
      providerStates: i.providerStates.map(describeState),
      status: "skipped",
      reason: skip.get(i.description)!,
      mismatches: [],
    }));

  if (!options.broker && toRun.length === 0) {
    return { ...base, interactions: skipped, ok: true, output: [], failureText: "" };
  }

  const env: Partial<Record<(typeof PACT_ENV)[number], string>> = {};
  if (skip.size > 0) env.PACT_DESCRIPTION = `^(?:${toRun.map((i) => escapeRegex(i.description)).join("|")})$`;

  const broker = options.broker;
  const verifier = new Verifier({
    provider,
    providerBaseUrl: options.providerBaseUrl,
    logLevel: options.logLevel ?? "error",
    timeout: options.timeoutMs ?? 30_000,
    // An empty state name is what the verifier sends for interactions without a state: nothing to do.
    stateHandlers: { "": { setup: async () => ({}) }, ...options.stateHandlers } as never,
    ...(options.requestFilter ? { requestFilter: options.requestFilter as never } : {}),
    ...(broker
      ? {
          pactBrokerUrl: broker.url,
          ...(broker.token ? { pactBrokerToken: broker.token } : {}),
          ...(broker.username ? { pactBrokerUsername: broker.username, pactBrokerPassword: broker.password ?? "" } : {}),
          consumerVersionSelectors: (broker.consumerVersionSelectors ?? [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }]) as never,
          enablePending: true,
          publishVerificationResult: broker.publish ?? true,
          providerVersion: broker.providerVersion,
          ...(broker.providerVersionBranch ? { providerVersionBranch: broker.providerVersionBranch } : {}),
        }
      : { pactUrls: [file] }),
  });

  let text: string;
  try {
    text = await withPactEnv(env, () => verifier.verifyProvider());
  } catch (error) {
    text = error instanceof Error ? error.message : String(error);
  }
  const parsed = parseVerifierResults(text);
  if (!parsed) {
    const error = `The verifier could not run: ${text.slice(0, 500)}`;
    return { ...base, interactions: skipped, error, ok: false, output: [text], failureText: error };
  }

  // Report in pact-file order; anything the verifier ran that the local file does not list (broker pacts) follows.
  const byDescription = new Map(parsed.interactions.map((i) => [i.description, i]));
  const ordered: InteractionOutcome[] = [];
  for (const i of declared) {
    const s = skipped.find((x) => x.description === i.description);
    if (s) ordered.push(s);
    else {
      const ran = byDescription.get(i.description);
      byDescription.delete(i.description);
      ordered.push(
        ran ? { ...ran, providerStates: i.providerStates.map(describeState) } : {
          description: i.description,
          action: actionOfDescription(i.description),
          providerStates: i.providerStates.map(describeState),
          status: broker ? "skipped" : "fail",
          ...(broker ? { reason: "not in the broker's pacts" } : {}),
          mismatches: broker ? [] : [{ where: "verification", text: "the verifier reported no result for this interaction" }],
        },
      );
    }
  }
  ordered.push(...byDescription.values());
  const ok = ordered.every((i) => i.status !== "fail");
  return { ...base, interactions: ordered, ok, output: parsed.output, failureText: formatFailures(ordered) };
}
