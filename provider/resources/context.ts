/**
 * The state of the dynamic-provider process, shared by both resource types: the configuration `configure`
 * delivered, one GatewayClient per profile (so their rate limiters and connection pools are shared), and the one
 * StatusWatcher that coalesces status checks. It lives in a module loaded by package name at run time
 * (./provider.ts), so nothing here is ever serialized into the state.
 */
import * as pulumi from "@pulumi/pulumi";
import { GatewayClient } from "../client.js";
import type { Capabilities, GatewayName } from "../gateways/dialect.js";
import { loadConfig, MAX_POLL_INTERVAL_SECONDS, resolveProfile, type LoadedConfig, type ProviderConfig } from "./config.js";
import { forgetGroupTypes } from "./group-type.js";
import { StatusWatcher, type WatcherOptions } from "./watcher.js";

let loaded: LoadedConfig = loadConfig(() => undefined);
const clients = new Map<string, { fingerprint: string; client: GatewayClient }>();
let watcher: StatusWatcher | undefined;

/**
 * Takes the stack configuration (`get` is the dynamic provider's `req.config.get`). Synchronous on purpose: the
 * provider host may call check/create before a returned promise resolves. Never throws: a broken configuration is
 * reported by the first resource that needs it.
 */
export function configure(get: (key: string) => unknown, env: Readonly<Record<string, string | undefined>> = process.env): void {
  loaded = loadConfig(get, env);
  if (watcher && loaded.ok) watcher.setOptions(watcherOptions(loaded.config));
}

/** The configuration, or the ConfigError it failed with. */
export function config(): ProviderConfig {
  if (!loaded.ok) throw loaded.error;
  return loaded.config;
}

/** A resource's connection to its gateway. */
export interface Connection {
  /** The profile name (`default` for the top level). */
  profileName: string;
  gateway: GatewayName;
  client: GatewayClient;
  capabilities: Capabilities;
  /** The project a resource uses when it sets none. */
  defaultProjectName: string;
}

/**
 * The client of a profile (`undefined` = the top level), created once per distinct profile content.
 * @throws ConfigError naming the key to set (unknown profile, missing gateway or credential, invalid value).
 */
export function connect(profile: string | undefined): Connection {
  const resolved = resolveProfile(loaded, profile);
  const fingerprint = JSON.stringify(resolved.profile);
  let entry = clients.get(resolved.name);
  if (!entry || entry.fingerprint !== fingerprint) {
    if (entry) void entry.client.close();
    entry = { fingerprint, client: new GatewayClient(resolved.profile) };
    clients.set(resolved.name, entry);
  }
  return {
    profileName: resolved.name,
    gateway: resolved.profile.gateway,
    client: entry.client,
    capabilities: entry.client.capabilities,
    defaultProjectName: resolved.projectName,
  };
}

/** The process-wide status watcher (./watcher.ts), with intervals from the configuration. */
export function statusWatcher(): StatusWatcher {
  watcher ??= new StatusWatcher(watcherOptions(config()));
  return watcher;
}

/** How long create/update wait for an asset to leave Processing, ms (`seedance:waitTimeoutSeconds`). */
export function waitTimeoutMs(): number {
  return config().waitTimeoutSeconds * 1000;
}

function watcherOptions(c: ProviderConfig): WatcherOptions {
  const poll = c.pollIntervalSeconds * 1000;
  return { pollIntervalMs: poll, maxPollIntervalMs: Math.max(poll, MAX_POLL_INTERVAL_SECONDS * 1000), warn };
}

/** A warning in the Pulumi output (`pulumi.log.warn`; the provider process prints it on stderr, which the CLI shows). */
export function warn(message: string): void {
  void pulumi.log.warn(message);
}

/**
 * An informational line in the Pulumi output (`pulumi.log.info`), e.g. what an adoption took over. Like `warn`, it
 * goes from the provider process to the engine, which prints it with the update's diagnostics.
 */
export function info(message: string): void {
  void pulumi.log.info(message);
}

/**
 * A create (or update) that made the object but could not finish: thrown as the `{id, properties, reasons}` shape
 * the dynamic provider host turns into a partial-create response. The engine keeps the id and these properties
 * in the state with the reasons as init errors, and the next `pulumi up` calls `update`, which resumes.
 */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: object;
  readonly reasons: string[];
  constructor(id: string, properties: object, reasons: string[]) {
    super(reasons.join("\n"));
    this.name = "ResourceInitError";
    this.id = id;
    this.properties = properties;
    this.reasons = reasons;
  }
}

/** A copy without `undefined` values (the host's protobuf conversion does not take them). */
export function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** For tests: closes every client and forgets the watcher and the configuration. */
export async function resetForTests(): Promise<void> {
  await Promise.all([...clients.values()].map((entry) => entry.client.close()));
  clients.clear();
  watcher = undefined;
  forgetGroupTypes();
  loaded = loadConfig(() => undefined, {});
}
