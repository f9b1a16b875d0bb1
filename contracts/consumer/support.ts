/**
 * What every consumer test shares: the Pact mock for a gateway, the real GatewayClient pointed at it, placeholder
 * credentials, and how a gateway's pact file is regenerated.
 *
 * Pact JS writes the pact after each passing test, merging into whatever file is already there, so interactions
 * removed from a test would survive in a committed pact. Each consumer test file therefore has Pact write into an
 * empty staging folder of its own, and copies the staged pact over contracts/pacts/<pact> only when every test of
 * the file ran and passed (`publishPactWhenComplete`). A full consumer run thus regenerates every pact from nothing;
 * a filtered run (`-t`, one failing test) leaves the committed pact untouched instead of truncating it. Pact files
 * of providers no gateway has any more are removed.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { PactV4, SpecificationVersion } from "@pact-foundation/pact";
import { afterAll, beforeAll } from "vitest";
import { ACTIONS } from "../../provider/api.js";
import { GatewayClient, type GatewayProfile } from "../../provider/client.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { RateLimiter, type Release } from "../../provider/rate-limiter.js";
import { CONSUMER, pactDir, pactFile, PROVIDERS } from "../lib/names.js";

/** The request and response builders of Pact's V4 HTTP DSL (not re-exported by the package index). */
export type { V4RequestBuilder, V4ResponseBuilder } from "@pact-foundation/pact/src/v4/http/types.js";

/** Placeholder API key of the consumer tests (the mock checks only the `Bearer <token>` shape). Fake. */
export const PLACEHOLDER_API_KEY = "sk-contract-placeholder";
/** Placeholder access key id of the consumer tests (the mock checks only the Authorization shape). Fake. */
export const PLACEHOLDER_ACCESS_KEY_ID = "AKLTcontractplaceholder";
/** Its secret: signs the consumer tests' requests; never used anywhere real. */
export const PLACEHOLDER_SECRET_ACCESS_KEY = "contract-placeholder-secret";

/** A limiter that never waits: rate limits are off in contract tests (one call, one interaction). */
class NoRateLimits extends RateLimiter {
  override acquire(): Promise<Release> {
    return Promise.resolve(() => {});
  }
}

/** Staging folders of the pacts written by this test file, by gateway. */
const staging = new Map<GatewayName, string>();

/**
 * The Pact of a gateway: V4, consumer `pulumi-seedance-assets`, provider per names.ts, written to an empty staging
 * folder (see the module comment; `publishPactWhenComplete` copies it to contracts/pacts).
 */
export function pactFor(gateway: GatewayName): PactV4 {
  const dir = mkdtempSync(join(tmpdir(), `seedance-pact-${gateway}-`));
  staging.set(gateway, dir);
  return new PactV4({
    consumer: CONSUMER,
    provider: PROVIDERS[gateway],
    dir,
    spec: SpecificationVersion.SPECIFICATION_VERSION_V4,
    logLevel: "error",
  });
}

interface TaskLike {
  type: string;
  mode: string;
  tasks?: TaskLike[];
  result?: { state?: string };
}

function testsOf(task: TaskLike): TaskLike[] {
  return task.type === "test" ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

/**
 * Registers, in the current describe block, the removal of orphan pact files (before) and the publication of the
 * gateway's staged pact to contracts/pacts (after) — only when every test of the block ran and passed.
 */
export function publishPactWhenComplete(gateway: GatewayName): void {
  beforeAll(() => removeOrphanPacts());
  // Vitest parses hook signatures: the unused first argument (the context) must be an object pattern.
  // oxlint-disable-next-line no-empty-pattern
  afterAll(({}, suite) => {
    const dir = staging.get(gateway);
    if (!dir) return;
    const tests = testsOf(suite as unknown as TaskLike);
    const incomplete = tests.filter((t) => t.mode !== "run" || t.result?.state !== "pass");
    const staged = join(dir, basename(pactFile(gateway)));
    try {
      if (tests.length > 0 && incomplete.length === 0 && existsSync(staged)) {
        mkdirSync(pactDir(), { recursive: true });
        copyFileSync(staged, pactFile(gateway));
      } else {
        console.warn(`${basename(pactFile(gateway))} not updated: ${incomplete.length} of ${tests.length} test(s) skipped or failed.`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Deletes pact files of providers no gateway has (renamed or removed gateways). */
export function removeOrphanPacts(): void {
  const known = new Set(Object.values(PROVIDERS).map((p) => `${CONSUMER}-${p}.json`));
  let files: string[] = [];
  try {
    files = readdirSync(pactDir());
  } catch {
    return;
  }
  for (const file of files) if (file.endsWith(".json") && !known.has(file)) rmSync(resolve(pactDir(), file), { force: true });
}

/**
 * The project's real client against the mock server: placeholder credentials, no retries, not even of a throttle (one request per
 * interaction), no client-side rate limiting, debug logging off.
 */
export function clientFor(gateway: GatewayName, baseUrl: string, overrides: Partial<GatewayProfile> = {}): GatewayClient {
  const auth = getDialect(gateway).capabilities.auth;
  const credentials: Partial<GatewayProfile> =
    auth === "aksk" ? { accessKeyId: PLACEHOLDER_ACCESS_KEY_ID, secretAccessKey: PLACEHOLDER_SECRET_ACCESS_KEY } : { apiKey: PLACEHOLDER_API_KEY };
  return new GatewayClient({ gateway, baseUrl, ...credentials, maxRetries: 0, throttleBudgetMs: 0, timeoutMs: 10_000, ...overrides }, { rateLimiter: new NoRateLimits(), debug: false });
}

/** Runs `fn` with a client for the mock server and closes the client afterwards. */
export async function withClient<T>(gateway: GatewayName, baseUrl: string, fn: (client: GatewayClient) => Promise<T>, overrides: Partial<GatewayProfile> = {}): Promise<T> {
  const client = clientFor(gateway, baseUrl, overrides);
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** The promise's rejection (fails when it resolves), for asserting on typed errors. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/**
 * Asserts that the client refuses every Action the gateway does not serve, before sending anything (the base URL
 * is a closed port: a request would fail differently). These Actions have no interactions: the report marks them
 * `unsupported` from the capabilities.
 */
export async function expectUnsupportedActionsRefused(gateway: GatewayName): Promise<void> {
  const supported = getDialect(gateway).capabilities.actions;
  const client = clientFor(gateway, "http://127.0.0.1:9");
  try {
    for (const action of ACTIONS.filter((a) => !supported.includes(a))) {
      const error = await rejectionOf(client.call(action, {} as never));
      if (error["code"] !== "SEEDANCE_ERR_UNSUPPORTED_ACTION") throw new Error(`${action} on ${gateway}: expected UnsupportedActionError, got ${String(error["code"])}`);
    }
  } finally {
    await client.close();
  }
}
