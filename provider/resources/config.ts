/**
 * Provider configuration: the `seedance:*` stack configuration keys, their environment fallbacks, and named gateway
 * profiles. Read in the dynamic provider process through `configure(req)` (`req.config.get("seedance:<key>")`), so
 * no credential is ever captured in the serialized provider or written into the state.
 *
 * Resolution of a resource's profile (`profile` input):
 * - unset (or `default` when no profile of that name exists) → the top-level keys, each falling back to its
 *   environment variable (CONFIG_KEYS[].env);
 * - a name → `seedance:profiles.<name>`, a complete profile of its own: it inherits nothing from the top level, so
 *   a key meant for one gateway is never sent to another.
 *
 * Every key is documented in ../../Pulumi.yaml.example.
 */
import { z } from "zod";
import type { GatewayProfile } from "../client.js";
import { ConfigError } from "../errors.js";
import { credentialReason, nonNegativeNumber, PROFILE_FIELDS, positiveNumber, requiredCredentials } from "../profile.js";
import type { GatewayName } from "../gateways/dialect.js";
import { GATEWAY_NAMES } from "../gateways/index.js";
import { LIMIT_SET_NAMES } from "../media/limits.js";
import { akskGateways, envPrefixOf, getDialect } from "../gateways/index.js";

/** The stack configuration namespace: keys are `seedance:<key>`. */
export const CONFIG_NAMESPACE = "seedance";

/** Default wait for an asset to leave `Processing`, in seconds (`seedance:waitTimeoutSeconds`). */
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 600;
/** Default first interval between status checks, in seconds; it grows ×1.5 per round up to MAX_POLL_INTERVAL_SECONDS. */
export const DEFAULT_POLL_INTERVAL_SECONDS = 2;
/** Upper bound of the polling backoff, in seconds (never below the configured pollIntervalSeconds). */
export const MAX_POLL_INTERVAL_SECONDS = 30;
/** The project every asset, group and inference key shares unless told otherwise (ark-mcp SPEC_MODELARK_ASSET_LIBRARY_CONTRACT.md). */
export const DEFAULT_PROJECT_NAME = "default";

const positive = positiveNumber;

/**
 * The connection fields shared by the top level and each named profile: the profile's own schemas (../profile.ts,
 * the same the client checks with), plus the time settings in seconds.
 */
const connectionFields = {
  baseUrl: PROFILE_FIELDS.baseUrl.optional(),
  apiKey: PROFILE_FIELDS.apiKey.optional(),
  accessKeyId: PROFILE_FIELDS.accessKeyId.optional(),
  secretAccessKey: PROFILE_FIELDS.secretAccessKey.optional(),
  securityToken: PROFILE_FIELDS.securityToken.optional(),
  region: PROFILE_FIELDS.region.optional(),
  service: PROFILE_FIELDS.service.optional(),
  version: PROFILE_FIELDS.version.optional(),
  projectName: z.string().min(1).max(64, { error: "must be at most 64 characters" }).optional(),
  rateLimits: z.preprocess(parseJsonString, PROFILE_FIELDS.rateLimits).optional(),
  tier: PROFILE_FIELDS.tier.optional(),
  requestTimeoutSeconds: positive("seconds per HTTP attempt").optional(),
  maxRetries: PROFILE_FIELDS.maxRetries.optional(),
  /** Seconds one call may spend waiting on throttled answers (429) before failing; default 600 (client.ts DEFAULT_THROTTLE_BUDGET_MS). */
  throttleBudgetSeconds: nonNegativeNumber("seconds").optional(),
};

const GatewaySchema = z.enum(GATEWAY_NAMES, { error: `must be one of ${GATEWAY_NAMES.join(", ")}` });

/** A named profile (`seedance:profiles.<name>`): complete on its own, `gateway` required. */
export const ProfileConfigSchema = z.strictObject({ gateway: GatewaySchema, ...connectionFields });
/** A named profile after parsing. */
export type ProfileConfig = z.infer<typeof ProfileConfigSchema>;

/** The whole `seedance:*` namespace after parsing (values from Pulumi config arrive as strings or JSON strings). */
export const ProviderConfigSchema = z.strictObject({
  gateway: GatewaySchema.optional(),
  ...connectionFields,
  waitTimeoutSeconds: positive("seconds").default(DEFAULT_WAIT_TIMEOUT_SECONDS),
  pollIntervalSeconds: positive("seconds").default(DEFAULT_POLL_INTERVAL_SECONDS),
  /**
   * Which published media limits `check` applies before upload: `720p`, `1080p`, `4k` (older names `first`, `later`),
   * or `off`. Unset: the newest set documented for the gateway (../media/limits.ts DEFAULT_LIMIT_SET).
   */
  mediaLimits: z.enum([...LIMIT_SET_NAMES, "off"], { error: `must be one of ${[...LIMIT_SET_NAMES, "off"].join(", ")}` }).optional(),
  profiles: z.preprocess(parseJsonString, z.record(z.string().min(1), ProfileConfigSchema)).optional(),
});
/** The `seedance:*` namespace after parsing, defaults applied. */
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

/** One configuration key: its name under `seedance:`, its environment fallback, whether it is a secret. */
export interface ConfigKey {
  key: keyof z.input<typeof ProviderConfigSchema>;
  /** Environment variables read, in order, when the key is not set (top-level profile only). */
  env: readonly string[];
  secret: boolean;
}

/** `VOLCENGINE_<suffix>`, `BYTEPLUS_<suffix>`: the AK/SK gateways' own variables, from the registry. */
function akskEnv(suffix: string): string[] {
  return akskGateways().map((gateway) => `${envPrefixOf(gateway)}_${suffix}`);
}

/** Every `seedance:*` key the provider reads, in documentation order. */
export const CONFIG_KEYS: readonly ConfigKey[] = [
  { key: "gateway", env: ["SEEDANCE_GATEWAY"], secret: false },
  { key: "baseUrl", env: ["SEEDANCE_BASE_URL"], secret: false },
  { key: "apiKey", env: ["SEEDANCE_API_KEY"], secret: true },
  { key: "accessKeyId", env: akskEnv("ACCESS_KEY_ID"), secret: false },
  { key: "secretAccessKey", env: akskEnv("SECRET_ACCESS_KEY"), secret: true },
  { key: "securityToken", env: akskEnv("SESSION_TOKEN"), secret: true },
  { key: "region", env: ["SEEDANCE_REGION"], secret: false },
  { key: "service", env: [], secret: false },
  { key: "version", env: [], secret: false },
  { key: "projectName", env: ["SEEDANCE_PROJECT_NAME"], secret: false },
  { key: "rateLimits", env: ["SEEDANCE_RATE_LIMITS"], secret: false },
  { key: "tier", env: ["SEEDANCE_TIER"], secret: false },
  { key: "requestTimeoutSeconds", env: ["SEEDANCE_REQUEST_TIMEOUT_SECONDS"], secret: false },
  { key: "maxRetries", env: ["SEEDANCE_MAX_RETRIES"], secret: false },
  { key: "throttleBudgetSeconds", env: ["SEEDANCE_THROTTLE_BUDGET_SECONDS"], secret: false },
  { key: "waitTimeoutSeconds", env: ["SEEDANCE_WAIT_TIMEOUT_SECONDS"], secret: false },
  { key: "pollIntervalSeconds", env: ["SEEDANCE_POLL_INTERVAL_SECONDS"], secret: false },
  { key: "mediaLimits", env: ["SEEDANCE_MEDIA_LIMITS"], secret: false },
  { key: "profiles", env: [], secret: true },
];

/**
 * The parsed configuration, or the ConfigError it failed with (raised when a resource first needs it, so a
 * broken key names itself in the resource's error instead of crashing the provider process).
 */
export type LoadedConfig = { ok: true; config: ProviderConfig } | { ok: false; error: ConfigError };

/**
 * Reads every `seedance:*` key through `get` (the dynamic provider's `req.config.get`), falling back to the
 * environment, and validates the result. Synchronous: the provider host caches the provider before `configure`
 * resolves (pulumi/pulumi `sdk/nodejs/cmd/dynamic-provider/index.ts`; docs/sources.md, "Pulumi").
 */
export function loadConfig(get: (key: string) => unknown, env: Readonly<Record<string, string | undefined>> = process.env): LoadedConfig {
  const raw: Record<string, unknown> = {};
  for (const { key, env: names } of CONFIG_KEYS) {
    let value = get(`${CONFIG_NAMESPACE}:${key}`);
    if (value === undefined || value === "") value = names.map((name) => env[name]).find((v) => v !== undefined && v !== "");
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = ProviderConfigSchema.safeParse(raw);
  if (parsed.success) return { ok: true, config: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = issue.path.map(String).join(".") || "(namespace)";
  const top = String(issue.path[0] ?? "");
  const envNames = CONFIG_KEYS.find((k) => k.key === top)?.env ?? [];
  return {
    ok: false,
    error: expected(new ConfigError({
      field: `${CONFIG_NAMESPACE}:${field}`,
      rule: issue.code === "unrecognized_keys" ? `has unknown keys (${(issue as { keys?: string[] }).keys?.join(", ")})` : issue.message,
      fix: `correct it with \`pulumi config set ${CONFIG_NAMESPACE}:${top || "<key>"} …\`${envNames.length ? ` (or the environment variable ${envNames.join(" / ")})` : ""}; every key is described in Pulumi.yaml.example.`,
    })),
  };
}

/** A resource's resolved connection: the client profile plus the defaults that are not client settings. */
export interface ResolvedProfile {
  /** The profile name (`default` for the top level): the client cache key and the name shown in messages. */
  name: string;
  profile: GatewayProfile;
  /** The projectName a resource gets when it sets none. */
  projectName: string;
}

/**
 * The gateway profile a resource uses. `name` unset → the top level.
 * @throws ConfigError when the configuration is invalid, the top level has no gateway, or the name is unknown.
 */
export function resolveProfile(loaded: LoadedConfig, name: string | undefined): ResolvedProfile {
  if (!loaded.ok) throw loaded.error;
  const config = loaded.config;
  const named = name !== undefined ? config.profiles?.[name] : undefined;
  if (name !== undefined && name !== "default" && !named) {
    const known = Object.keys(config.profiles ?? {});
    throw expected(new ConfigError({
      field: "profile",
      rule: `"${name}" is not a profile in ${CONFIG_NAMESPACE}:profiles (known: ${known.length ? known.join(", ") : "none"})`,
      fix: `add it with \`pulumi config set --path ${CONFIG_NAMESPACE}:profiles.${name}.gateway <gateway>\` and its credentials (--secret), or correct the resource's profile.`,
    }));
  }
  const source = named ?? config;
  if (!source.gateway) {
    throw expected(new ConfigError({
      field: `${CONFIG_NAMESPACE}:${named ? `profiles.${name}.` : ""}gateway`,
      rule: "is not set",
      fix: `run \`pulumi config set ${named ? `--path ${CONFIG_NAMESPACE}:profiles.${name}.` : `${CONFIG_NAMESPACE}:`}gateway <gateway>\` (one of ${GATEWAY_NAMES.join(", ")})${named ? "" : ", or set the environment variable SEEDANCE_GATEWAY"}.`,
    }));
  }
  const missing = missingCredential(source.gateway, source, named ? name : undefined);
  if (missing) throw missing;
  return { name: named ? name! : "default", profile: toGatewayProfile(source.gateway, source), projectName: source.projectName ?? DEFAULT_PROJECT_NAME };
}

function toGatewayProfile(gateway: GatewayName, c: z.infer<z.ZodObject<typeof connectionFields>>): GatewayProfile {
  const profile: GatewayProfile = { gateway };
  const copy = ["baseUrl", "apiKey", "accessKeyId", "secretAccessKey", "securityToken", "region", "service", "version", "maxRetries", "tier"] as const;
  for (const key of copy) if (c[key] !== undefined) (profile as unknown as Record<string, unknown>)[key] = c[key];
  if (c.rateLimits) profile.rateLimits = c.rateLimits;
  if (c.requestTimeoutSeconds !== undefined) profile.timeoutMs = Math.round(c.requestTimeoutSeconds * 1000);
  if (c.throttleBudgetSeconds !== undefined) profile.throttleBudgetMs = Math.round(c.throttleBudgetSeconds * 1000);
  return profile;
}

/**
 * The ConfigError for the first credential the gateway needs and the profile lacks, naming the stack configuration
 * key, its environment variable (top level only) and the commands that set either; undefined when complete.
 */
export function missingCredential(gateway: GatewayName, c: { apiKey?: string | undefined; accessKeyId?: string | undefined; secretAccessKey?: string | undefined }, profile?: string): ConfigError | undefined {
  const capabilities = getDialect(gateway).capabilities;
  const aksk = capabilities.auth === "aksk";
  const key = requiredCredentials(capabilities).find((k) => !c[k]);
  if (!key) return undefined;
  const secret = CONFIG_KEYS.find((k) => k.key === key)?.secret ?? false;
  const path = profile ? `profiles.${profile}.${key}` : key;
  const env = profile ? [] : (CONFIG_KEYS.find((k) => k.key === key)?.env ?? []).filter((name) => !aksk || name.startsWith(`${envPrefixOf(gateway)}_`));
  return expected(
    new ConfigError({
      field: `${CONFIG_NAMESPACE}:${path}`,
      rule: `is not set: ${gateway} ${credentialReason(capabilities)}`,
      fix: `run \`pulumi config set ${profile ? "--path " : ""}${secret ? "--secret " : ""}${CONFIG_NAMESPACE}:${path} <value>\`${env.length ? `, or set the environment variable ${env.join(" or ")}` : ""}.`,
      gateway,
    }),
  );
}

/**
 * Marks a configuration error as expected: no stack trace. Pulumi's dynamic-provider host prints `${error}: ${stack}`
 * for a failed create/update/read; a stack into this package's compiled files only buries the key and the fix.
 */
function expected<E extends Error>(error: E): E {
  error.stack = "";
  return error;
}

/** Structured keys arrive from Pulumi config as JSON text; objects (Automation API, tests) pass through. */
function parseJsonString(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
