/**
 * Client-side rate limiting: one token bucket per key (the client uses `<profile identity>|<Action>`), sized by a
 * RateLimit `{requests, perSeconds}` — at most `requests` calls in a burst, refilled at `requests / perSeconds`
 * per second. Limits come from the dialect's Capabilities.rateLimits (gateway-api.md "Limits": they change over
 * time, so they are data) with the profile's overrides on top.
 *
 * Waiting callers queue FIFO per bucket and one "pump" per bucket sleeps until the next token, so thousands of
 * queued callers cost one pending timer per bucket, not one each; a caller's AbortSignal takes it out of the queue.
 */
import { setTimeout as delay } from "node:timers/promises";
import type { RateLimit } from "./gateways/dialect.js";

/** Time source and sleeper; injectable so tests run on a fake clock. */
export interface Clock {
  /** Milliseconds, monotonic enough for intervals. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and real timers. */
export const realClock: Clock = { now: () => performance.now(), sleep: (ms) => delay(ms) };

interface Waiter {
  resolve(): void;
  reject(reason: unknown): void;
  settled: boolean;
  cleanup?: () => void;
}

interface Bucket {
  capacity: number;
  /** Tokens per millisecond. */
  rate: number;
  tokens: number;
  updatedAt: number;
  /** FIFO: `queue[head]` is next; the array is compacted now and then instead of shifting each time. */
  queue: Waiter[];
  head: number;
  pumping: boolean;
}

/** Token buckets by key; see the module comment. One instance can serve any number of keys and callers. */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(clock: Clock = realClock) {
    this.#clock = clock;
  }

  /**
   * Resolves when the caller may send one request under `limit` for `key`; at once when `limit` is undefined.
   * Rejects with `signal.reason` if the signal aborts while waiting. A changed limit for a key applies from now on.
   */
  acquire(key: string, limit: RateLimit | undefined, signal?: AbortSignal): Promise<void> {
    if (!limit) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason);
    const bucket = this.#bucket(key, limit);
    this.#refill(bucket);
    if (bucket.head === bucket.queue.length && bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, settled: false };
      if (signal) {
        const onAbort = () => {
          if (waiter.settled) return;
          waiter.settled = true;
          reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
        waiter.cleanup = () => signal.removeEventListener("abort", onAbort);
      }
      bucket.queue.push(waiter);
      if (!bucket.pumping) void this.#pump(bucket);
    });
  }

  /** Callers waiting on `key` (aborted ones not yet skipped included). */
  waiting(key: string): number {
    const bucket = this.#buckets.get(key);
    return bucket ? bucket.queue.length - bucket.head : 0;
  }

  #bucket(key: string, limit: RateLimit): Bucket {
    const capacity = Math.max(1, limit.requests);
    const rate = limit.requests / (limit.perSeconds * 1000);
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { capacity, rate, tokens: capacity, updatedAt: this.#clock.now(), queue: [], head: 0, pumping: false };
      this.#buckets.set(key, bucket);
    } else if (bucket.capacity !== capacity || bucket.rate !== rate) {
      this.#refill(bucket);
      bucket.capacity = capacity;
      bucket.rate = rate;
      bucket.tokens = Math.min(bucket.tokens, capacity);
    }
    return bucket;
  }

  #refill(bucket: Bucket): void {
    const now = this.#clock.now();
    bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (now - bucket.updatedAt) * bucket.rate);
    bucket.updatedAt = now;
  }

  async #pump(bucket: Bucket): Promise<void> {
    bucket.pumping = true;
    try {
      for (;;) {
        this.#refill(bucket);
        while (bucket.head < bucket.queue.length) {
          const waiter = bucket.queue[bucket.head]!;
          if (!waiter.settled) {
            if (bucket.tokens < 1) break;
            bucket.tokens -= 1;
            waiter.settled = true;
            waiter.cleanup?.();
            waiter.resolve();
          }
          bucket.head += 1;
        }
        if (bucket.head === bucket.queue.length) {
          bucket.queue = [];
          bucket.head = 0;
          return;
        }
        if (bucket.head > 1024 && bucket.head * 2 > bucket.queue.length) {
          bucket.queue = bucket.queue.slice(bucket.head);
          bucket.head = 0;
        }
        await this.#clock.sleep(Math.max(1, Math.ceil((1 - bucket.tokens) / bucket.rate)));
      }
    } finally {
      bucket.pumping = false;
    }
  }
}

/** The process-wide limiter the clients share by default, so clients of one credential share its budget. */
export const sharedRateLimiter = new RateLimiter();
