/**
 * Helpers of the resource tests (test/integration/resources-*.test.ts): an in-process emulator per test file, provider
 * configuration pointing at it, local media files, and a tiny "engine" that runs check → create / diff → update
 * the way the Pulumi engine drives a dynamic provider.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { makeSample, type SampleFormat, type SampleParams } from "../../emulator/samples.js";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { configure, resetForTests } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { credentialsFor, testEmulatorOptions } from "./emulator.js";

/** Starts one emulator for the test file (fast processing, no server-side throttling) and closes it after. */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorHandle {
  let emulator: EmulatorHandle | undefined;
  beforeAll(async () => {
    emulator = await startEmulator(testEmulatorOptions(options));
  });
  afterAll(async () => {
    await resetForTests();
    await emulator?.close();
  });
  return () => emulator!;
}

/** `seedance:*` configuration (as `pulumi config` would hold it) for a gateway of the emulator. */
export function configFor(emulator: EmulatorHandle, gateway: GatewayName, extra: Record<string, string> = {}): Record<string, string> {
  const entries: Record<string, string> = {
    gateway,
    baseUrl: emulator.gatewayUrl(gateway),
    ...credentialsFor(gateway),
    pollIntervalSeconds: "0.05",
    waitTimeoutSeconds: "10",
    // The emulator here does not throttle; pace at the fastest tier so tests about other things stay fast.
    tier: "premium",
    ...extra,
  };
  return Object.fromEntries(Object.entries(entries).map(([k, v]) => [`seedance:${k}`, v]));
}

/** Configures the provider runtime as the host's `configure` would, with no environment fallbacks. */
export function configureWith(config: Record<string, string>): void {
  configure((key) => config[key], {});
}

/** A media file in a fresh temporary directory; returns its absolute path. */
export function mediaFile(format: SampleFormat, params: SampleParams = {}, name = `sample.${format}`): string {
  const dir = mkdtempSync(join(tmpdir(), "seedance-media-"));
  const path = join(dir, name);
  writeFileSync(path, makeSample(format, params).data);
  return path;
}

type Kind = keyof typeof providers;
type Props = Record<string, unknown>;

/** Runs check and asserts no failures; returns the checked inputs. */
export async function checked(kind: Kind, news: Props, olds: Props = {}): Promise<Props> {
  const result = await providers[kind].check(olds, news);
  if (result.failures?.length) throw new Error(`check failed: ${JSON.stringify(result.failures)}`);
  return result.inputs as Props;
}

/** check → create, as the engine does for a new resource. */
export async function createResource(kind: Kind, news: Props): Promise<{ id: string; outs: Props }> {
  const inputs = await checked(kind, news);
  const result = await (providers[kind].create as unknown as (i: Props) => Promise<{ id: string; outs: Props }>)(inputs);
  return { id: result.id, outs: result.outs };
}

/** check → diff → update when changed in place; returns the diff and the new outputs (old ones when unchanged). */
export async function updateResource(kind: Kind, id: string, olds: Props, news: Props) {
  const inputs = await checked(kind, news, olds);
  const impl = providers[kind] as unknown as {
    diff(id: string, o: Props, n: Props): Promise<{ changes?: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }>;
    update(id: string, o: Props, n: Props): Promise<{ outs?: Props }>;
  };
  const diff = await impl.diff(id, olds, inputs);
  if (!diff.changes || diff.replaces?.length) return { diff, outs: olds, inputs };
  const { outs } = await impl.update(id, olds, inputs);
  return { diff, outs: outs!, inputs };
}
