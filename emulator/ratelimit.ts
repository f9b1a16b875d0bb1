/**
 * Per-action, per-credential throttling: at most `requests` calls in any sliding window of `perSeconds` seconds.
 * The defaults are each gateway's documented limits (`Dialect.capabilities.rateLimits`; native: seed 004's
 * per-action QPS table, "账号维度 QPS"); options override them per action or turn throttling off.
 * A throttled call is answered FlowLimitExceeded (native 429) with `Retry-After` (./errors.ts `Errors.throttled`).
 */
import type { Action } from "../provider/api.js";
import type { Capabilities, RateLimit } from "../provider/gateways/dialect.js";

/**
 * Rate-limit options: `false` turns throttling off; an object overrides the documented limit per action for every
 * gateway (`false` for one action turns only that one off). Default: the documented limits.
 */
export type RateLimitOptions = false | Partial<Record<Action, RateLimit | false>>;

/** Whether a call may proceed; when not, how many seconds until it would (sent as `Retry-After`). */
export type Admission = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Sliding-window counters per key (gateway, credential and Action); the limits come from `limitFor`. */
export class RateLimiter {
  private options: RateLimitOptions;
  /** key → call times (epoch ms) inside the current window, oldest first. */
  private readonly windows = new Map<string, number[]>();

  constructor(options: RateLimitOptions = {}) {
    this.options = options;
  }

  /** Replaces the options (and forgets past calls). */
  configure(options: RateLimitOptions): void {
    this.options = options;
    this.windows.clear();
  }

  /** The limit in force for an action at a gateway, or undefined when unlimited. */
  limitFor(capabilities: Capabilities, action: Action): RateLimit | undefined {
    if (this.options === false) return undefined;
    const override = this.options[action];
    if (override === false) return undefined;
    return override ?? capabilities.rateLimits[action];
  }

  /** Counts a call under `key` (gateway, credential, action) if the limit allows it. */
  admit(key: string, limit: RateLimit | undefined, now: number): Admission {
    if (!limit) return { ok: true };
    const windowMs = limit.perSeconds * 1000;
    const calls = (this.windows.get(key) ?? []).filter((t) => t > now - windowMs);
    if (calls.length >= limit.requests) {
      this.windows.set(key, calls);
      const oldest = calls[calls.length - limit.requests]!;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    calls.push(now);
    this.windows.set(key, calls);
    return { ok: true };
  }
}
