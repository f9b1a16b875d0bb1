/**
 * The gateway profile's rules, written once: the field schemas (zod) and the credentials each kind of
 * authentication needs. The stack configuration (./resources/config.ts, `seedance:*`, values as strings) and the
 * client (./client.ts, a GatewayProfile object) both check with them, so a value one accepts the other accepts too.
 */
import { z } from "zod";
import { ALL_ACTIONS } from "./api.js";
import type { Capabilities } from "./gateways/dialect.js";
import { rateLimitProblem } from "./rate-limit.js";
import { TIER_NAMES } from "./gateways/tiers.js";

/** One rate limit, `{ requests, perSeconds }`, with the rule of ./rate-limit.ts (`rateLimitProblem`). */
const RateLimitSchema = z
  .strictObject({ requests: z.coerce.number({ error: "must be a number (requests per window)" }), perSeconds: z.coerce.number({ error: "must be a number (window in seconds)" }) })
  .superRefine((limit, ctx) => {
    const problem = rateLimitProblem(limit);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * The schema of each profile field the configuration and the client share (all optional where used). Numbers are
 * coerced: configuration values arrive as strings.
 */
export const PROFILE_FIELDS = {
  /** `https://…` or `http://…`; default the dialect's `defaults.baseUrl`. */
  baseUrl: z.url({ protocol: /^https?$/, error: "must be an http(s) URL, e.g. the gateway's default base URL" }),
  apiKey: z.string().min(1, { error: "must not be empty" }),
  accessKeyId: z.string().min(1, { error: "must not be empty" }),
  secretAccessKey: z.string().min(1, { error: "must not be empty" }),
  securityToken: z.string().min(1, { error: "must not be empty" }),
  region: z.string().min(1, { error: "must not be empty" }),
  service: z.string().min(1, { error: "must not be empty" }),
  version: z.string().min(1, { error: "must not be empty" }),
  /** The account's tier (./gateways/tiers.ts): its rate limits pace the calls, its quotas bound the library. */
  tier: z.enum(TIER_NAMES, { error: (issue) => `must be one of ${TIER_NAMES.join(", ")} (the account's Advanced Creation Rights tier), got ${JSON.stringify(issue.input)}` }),
  /** Per-Action limits overriding the tier's. */
  rateLimits: z.partialRecord(z.enum(ALL_ACTIONS, { error: `keys must be Actions: ${ALL_ACTIONS.join(", ")}` }), RateLimitSchema),
  /** Attempts after the first; a whole number ≥ 0. */
  maxRetries: z.coerce.number({ error: "must be a number" }).int({ error: "must be a whole number ≥ 0" }).min(0, { error: "must be a whole number ≥ 0" }),
};

/** Positive number of milliseconds (client) — the configuration takes the same in seconds. */
export const positiveNumber = (what: string) => z.coerce.number({ error: `must be a number (${what})` }).positive({ error: `must be greater than 0 (${what})` });
/** Number ≥ 0 (client: milliseconds; configuration: seconds). */
export const nonNegativeNumber = (what: string) => z.coerce.number({ error: `must be a number (${what})` }).min(0, { error: `must be ≥ 0 (${what})` });

/** The credential fields a gateway's authentication needs, in the order they are asked for. */
export function requiredCredentials(capabilities: Pick<Capabilities, "auth">): readonly ("apiKey" | "accessKeyId" | "secretAccessKey")[] {
  return capabilities.auth === "aksk" ? ["accessKeyId", "secretAccessKey"] : ["apiKey"];
}

/** Why a credential is needed, for messages: `signs every request with an access key (AK/SK)`. */
export function credentialReason(capabilities: Pick<Capabilities, "auth">): string {
  return capabilities.auth === "aksk" ? "signs every request with an access key (AK/SK)" : "authenticates with a Bearer API key";
}
