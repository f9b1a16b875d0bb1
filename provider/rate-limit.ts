/**
 * The one definition of a rate limit, shared by the client's pacing (./rate-limiter.ts) and the emulator's
 * throttling (../emulator/ratelimit.ts), so that a client pacing at a limit is never throttled by an emulator that
 * enforces the same limit.
 *
 * **Definition.** A RateLimit `{requests: N, perSeconds: W}` allows at most N calls in ANY window of W seconds (a
 * sliding window, not a fixed per-minute or per-second bucket), a call counting at the moment the gateway handles it.
 *
 * **Emulator: admits exactly that.** A call handled at `t` is admitted when fewer than N admitted calls were handled
 * in `(t − W, t]` (a `CallWindow` of handling times); otherwise it is answered FlowLimitExceeded (429) with
 * `Retry-After` = when the oldest of those leaves the window. Throttled calls do not count.
 *
 * **Client: never exceeds it, whatever the latency.** The client cannot see when the gateway handles a call, only that
 * it happens after the call was sent and before its answer arrived. So a call holds one of the N slots from the
 * moment it is sent until W after its answer arrived (a `CallWindow` of answer times, plus the calls in flight), and a
 * new call goes only while fewer than N slots are held. Proof that the gateway never sees N + 1 calls within W: take
 * any N + 1 calls and let k be the one sent last; each other call j was sent before k, and was handled within W
 * before k was handled (so after k was sent minus W); its answer came after it was handled, so when k was sent, j
 * was in flight or answered less than W earlier: it held a slot. That is N held slots, and k could not have gone.
 * The price is throughput: N calls per (W + latency) instead of per W.
 *
 * **Client: no bursts.** The real gateways do not document their algorithm (Guess: a per-account counter; BytePlus
 * states its CreateAsset limit "per minute", ark-mcp spaces its calls evenly —
 * byteplus-sa/ark-mcp `src/ark_mcp/providers/modelark/openapi.py` `_MinIntervalLimiter`). A burst of N at once would
 * pass a sliding or fixed window but fail a token bucket with a smaller burst. So the client also spaces its calls
 * at least W / N apart: 3 per minute is one call every 20 s. Spacing costs nothing over a long run (the window rule
 * already bounds the rate) and keeps the client safe under every one of those algorithms.
 */

/** A rate limit: at most `requests` calls in any window of `perSeconds` seconds (see the module comment). */
export interface RateLimit {
  /** Calls allowed in one window; a whole number ≥ 1. */
  requests: number;
  /** The window, in seconds; > 0. */
  perSeconds: number;
}

/** The window of a limit, in milliseconds. */
export function windowMs(limit: RateLimit): number {
  return limit.perSeconds * 1000;
}

/** The client's minimum interval between two sends under a limit, in milliseconds (W / N). */
export function spacingMs(limit: RateLimit): number {
  return windowMs(limit) / limit.requests;
}

/** The problem with a limit, or undefined when it is valid: `requests` a whole number ≥ 1, `perSeconds` > 0. */
export function rateLimitProblem(limit: unknown): string | undefined {
  const l = limit as Partial<RateLimit> | undefined;
  if (!l || typeof l !== "object") return "must be an object { requests, perSeconds }";
  if (!(Number.isInteger(l.requests) && (l.requests as number) >= 1)) return "must have requests, a whole number ≥ 1";
  if (!(typeof l.perSeconds === "number" && Number.isFinite(l.perSeconds) && l.perSeconds > 0)) return "must have perSeconds, a number of seconds > 0";
  return undefined;
}

/** A limit as people say it: `3 per minute`, `10 per second`, `5 per 2 s`. */
export function describeRateLimit(limit: RateLimit): string {
  if (limit.perSeconds === 60) return `${limit.requests} per minute`;
  if (limit.perSeconds === 1) return `${limit.requests} per second`;
  return `${limit.requests} per ${limit.perSeconds} s`;
}

/**
 * The times of past calls inside a sliding window, oldest first — the emulator records when it handled each admitted
 * call, the client when each answer arrived. Times are milliseconds of one clock; entries leave the window exactly W
 * after their time (a window `(t − W, t]`). Memory: at most the entries of one window.
 */
export class CallWindow {
  /** Sorted ascending; `times[head]` is the oldest still kept. */
  #times: number[] = [];
  #head = 0;

  /** Calls in `(now − windowMs, now]`. Forgets older ones. */
  count(now: number, windowMs: number): number {
    const cutoff = now - windowMs;
    while (this.#head < this.#times.length && this.#times[this.#head]! <= cutoff) this.#head += 1;
    if (this.#head > 64 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
  }

  /** Records a call at `time` (kept sorted: answers may arrive out of order). */
  add(time: number): void {
    let i = this.#times.length;
    while (i > this.#head && this.#times[i - 1]! > time) i -= 1;
    this.#times.splice(i, 0, time);
  }

  /**
   * The earliest time ≥ `now` at which fewer than `capacity` recorded calls remain in the window, so that one more
   * may go: `now` when that is already so, Infinity when `capacity` ≤ 0 (only a call in flight ending can help).
   */
  openAt(now: number, windowMs: number, capacity: number): number {
    const inWindow = this.count(now, windowMs);
    if (inWindow < capacity) return now;
    if (capacity <= 0) return Infinity;
    // The oldest `inWindow − capacity + 1` entries must leave; the last of them leaves at its time + W.
    return this.#times[this.#head + inWindow - capacity]! + windowMs;
  }
}

/**
 * The emulator's admission rule (the Definition above): may a call handled at `now` go? Records it when it may.
 * Returns `undefined` when admitted, else the milliseconds until a call would be admitted.
 */
export function admitCall(window: CallWindow, limit: RateLimit, now: number): number | undefined {
  const w = windowMs(limit);
  const at = window.openAt(now, w, limit.requests);
  if (at <= now) {
    window.add(now);
    return undefined;
  }
  return at - now;
}
