/**
 * Client-side pacing: one lane per key (the client uses `<gateway>|<origin>|<credential>|<Action>`), paced by a
 * RateLimit with the client's rule of ./rate-limit.ts — a call holds a slot from its send until W after its answer,
 * at most N slots are held, and sends are at least W / N apart — so the gateway (and the emulator, which admits
 * exactly "N in any window of W") never sees more than its limit. Limits come from the account's tier
 * (./gateways/tiers.ts) with the profile's `rateLimits` overrides on top (./client.ts).
 *
 * Waiting callers queue FIFO per lane and one "pump" per lane sleeps until the next call may go (or, when all N slots
 * are in flight, until an answer releases one), so thousands of queued callers cost one pending timer per lane, not
 * one each; a caller's AbortSignal takes it out of the queue.
 *
 * Scope: one process. Two processes using one credential (two `pulumi up` at once) each pace alone, and the gateway
 * may throttle them; the client then retries after `Retry-After` (./client.ts).
 */
import { setTimeout as delay } from "node:timers/promises";
import { CallWindow, spacingMs, windowMs, type RateLimit } from "./rate-limit.js";

/** Time source and sleeper; injectable so tests run on a fake clock. */
export interface Clock {
  /** Milliseconds, monotonic enough for intervals. */
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** Wall-clock time and real timers. */
export const realClock: Clock = { now: () => performance.now(), sleep: (ms) => delay(ms) };

/**
 * Hands a slot back: call it once when the call's answer arrived (or the attempt failed without one). Until then the
 * call counts as in flight. Later calls do nothing.
 */
export type Release = () => void;

const NO_LIMIT: Release = () => {};

interface Waiter {
  resolve(release: Release): void;
  reject(reason: unknown): void;
  settled: boolean;
  cleanup?: () => void;
}

interface Lane {
  limit: RateLimit;
  /** Answer times of finished calls still inside the window. */
  answered: CallWindow;
  inFlight: number;
  lastSentAt: number;
  /** FIFO: `queue[head]` is next; the array is compacted now and then instead of shifting each time. */
  queue: Waiter[];
  head: number;
  pumping: boolean;
  /** Set while the pump waits for an answer (every slot in flight). */
  onRelease: (() => void) | undefined;
}

/** Pacing lanes by key; see the module comment. One instance can serve any number of keys and callers. */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #lanes = new Map<string, Lane>();

  constructor(clock: Clock = realClock) {
    this.#clock = clock;
  }

  /**
   * Resolves when the caller may send one request under `limit` for `key`, with the Release to call when its answer
   * arrives; at once (and a no-op Release) when `limit` is undefined. Rejects with `signal.reason` if the signal
   * aborts while waiting. A changed limit for a key applies from then on.
   */
  acquire(key: string, limit: RateLimit | undefined, signal?: AbortSignal): Promise<Release> {
    if (!limit) return Promise.resolve(NO_LIMIT);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const lane = this.#lane(key, limit);
    if (lane.head === lane.queue.length && this.#openAt(lane) <= this.#clock.now()) return Promise.resolve(this.#send(lane));
    return new Promise<Release>((resolve, reject) => {
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
      lane.queue.push(waiter);
      if (!lane.pumping) void this.#pump(lane);
    });
  }

  /** Callers waiting on `key` (aborted ones not yet skipped included). */
  waiting(key: string): number {
    const lane = this.#lanes.get(key);
    return lane ? lane.queue.length - lane.head : 0;
  }

  /** Calls of `key` sent and not yet released. */
  inFlight(key: string): number {
    return this.#lanes.get(key)?.inFlight ?? 0;
  }

  #lane(key: string, limit: RateLimit): Lane {
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { limit, answered: new CallWindow(), inFlight: 0, lastSentAt: -Infinity, queue: [], head: 0, pumping: false, onRelease: undefined };
      this.#lanes.set(key, lane);
    } else if (lane.limit.requests !== limit.requests || lane.limit.perSeconds !== limit.perSeconds) {
      lane.limit = limit;
    }
    return lane;
  }

  /** When the next call of the lane may be sent: Infinity while every slot is in flight. */
  #openAt(lane: Lane): number {
    const now = this.#clock.now();
    const window = lane.answered.openAt(now, windowMs(lane.limit), lane.limit.requests - lane.inFlight);
    return Math.max(window, lane.lastSentAt + spacingMs(lane.limit));
  }

  #send(lane: Lane): Release {
    lane.inFlight += 1;
    lane.lastSentAt = this.#clock.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.inFlight -= 1;
      lane.answered.add(this.#clock.now());
      const wake = lane.onRelease;
      lane.onRelease = undefined;
      wake?.();
    };
  }

  async #pump(lane: Lane): Promise<void> {
    lane.pumping = true;
    try {
      for (;;) {
        while (lane.head < lane.queue.length && lane.queue[lane.head]!.settled) lane.head += 1;
        if (lane.head === lane.queue.length) {
          lane.queue = [];
          lane.head = 0;
          return;
        }
        if (lane.head > 1024 && lane.head * 2 > lane.queue.length) {
          lane.queue = lane.queue.slice(lane.head);
          lane.head = 0;
        }
        const at = this.#openAt(lane);
        const now = this.#clock.now();
        if (at <= now) {
          const waiter = lane.queue[lane.head]!;
          lane.head += 1;
          waiter.settled = true;
          waiter.cleanup?.();
          waiter.resolve(this.#send(lane));
        } else if (at === Infinity) {
          // Every slot is in flight: only an answer can free one (no timer needed).
          await new Promise<void>((resolve) => (lane.onRelease = resolve));
        } else {
          // Whole milliseconds, at least 1, never early: a timer may not fire before the slot opens.
          await this.#clock.sleep(Math.max(1, Math.ceil(at - now)));
        }
      }
    } finally {
      lane.pumping = false;
    }
  }
}

/** The process-wide limiter the clients share by default, so clients of one credential share its budget. */
export const sharedRateLimiter = new RateLimiter();
