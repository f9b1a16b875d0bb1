/**
 * Per-action, per-credential throttling with the shared definition of a rate limit (../provider/rate-limit.ts): a
 * call is admitted when fewer than `requests` admitted calls of its gateway, credential and Action were handled in
 * the last `perSeconds` seconds — exactly what the client's pacing never exceeds, so a client at the limit gets no
 * throttling answer. Limits: the emulator's tier (`--tier`, default each gateway's default tier;
 * ../provider/gateways/tiers.ts, with sources), with options overriding them per action or turning throttling off.
 * A throttled call is answered FlowLimitExceeded (native 429) with `Retry-After` (./errors.ts `Errors.throttled`).
 */
import type { Action } from "../provider/api.js";
import type { Dialect } from "../provider/gateways/dialect.js";
import { tierRateLimits, type TierName } from "../provider/gateways/tiers.js";
import { admitCall, CallWindow, type RateLimit } from "../provider/rate-limit.js";

/**
 * Rate-limit options: `false` turns throttling off; an object overrides the tier's limit per action for every
 * gateway (`false` for one action turns only that one off). Default: the tier's limits.
 */
export type RateLimitOptions = false | Partial<Record<Action, RateLimit | false>>;

/** Whether a call may proceed; when not, how many seconds until it would (sent as `Retry-After`). */
export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Sliding windows of handled calls per key (gateway, credential and Action); the limits come from `limitFor`. */
export class Throttle {
  private options: RateLimitOptions;
  private readonly tier: TierName | undefined;
  private readonly windows = new Map<string, CallWindow>();

  /** `tier` unset: each gateway's limits are its dialect's (its default tier's). */
  constructor(options: RateLimitOptions = {}, tier?: TierName) {
    this.options = options;
    this.tier = tier;
  }

  /** Replaces the options (and forgets past calls). */
  configure(options: RateLimitOptions): void {
    this.options = options;
    this.windows.clear();
  }

  /** The limit in force for an action at a gateway, or undefined when unlimited. */
  limitFor(dialect: Pick<Dialect, "name" | "capabilities">, action: Action): RateLimit | undefined {
    if (this.options === false) return undefined;
    const override = this.options[action];
    if (override === false) return undefined;
    if (override) return override;
    return this.tier ? tierRateLimits(dialect.name, this.tier)[action] : dialect.capabilities.rateLimits[action];
  }

  /** Counts a call handled at `now` (epoch ms) under `key` (gateway, credential, action) if the limit allows it. */
  admit(key: string, limit: RateLimit | undefined, now: number): Admission {
    if (!limit) return { ok: true };
    let window = this.windows.get(key);
    if (!window) this.windows.set(key, (window = new CallWindow()));
    const waitMs = admitCall(window, limit, now);
    return waitMs === undefined ? { ok: true } : { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
