/**
 * The shared definition of a rate limit (provider/rate-limit.ts) and the client's pacing (provider/rate-limiter.ts),
 * on fake clocks: spacing, slots held until W after the answer, FIFO, aborts, cheap timers — and the property the
 * two sides share: a client pacing at a limit is never refused by the emulator's admission rule, whatever the
 * latencies, the bursts at start and the number of concurrent callers.
 */
import { describe, expect, it, vi } from "vitest";
import { RateLimiter, type Clock } from "../../provider/rate-limiter.js";
import { admitCall, CallWindow, describeRateLimit, rateLimitProblem, spacingMs, type RateLimit } from "../../provider/rate-limit.js";
import { fakeClock, manualClock } from "../support/http-mock.js";

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("CallWindow and the admission rule", () => {
  it("counts calls in (now − W, now]: a call leaves exactly W after its time", () => {
    const window = new CallWindow();
    window.add(0);
    window.add(400);
    expect(window.count(999, 1000)).toBe(2);
    expect(window.count(1000, 1000)).toBe(1);
    expect(window.count(1400, 1000)).toBe(0);
  });

  it("keeps out-of-order times sorted and says when one more fits", () => {
    const window = new CallWindow();
    for (const t of [300, 100, 200]) window.add(t);
    expect(window.openAt(250, 1000, 3)).toBe(1100);
    expect(window.openAt(250, 1000, 2)).toBe(1200);
    expect(window.openAt(250, 1000, 4)).toBe(250);
    expect(window.openAt(250, 1000, 0)).toBe(Infinity);
  });

  it("admits N per sliding window, refusing with the wait until the oldest leaves", () => {
    const window = new CallWindow();
    const limit = { requests: 3, perSeconds: 60 };
    expect([0, 1, 2].map((t) => admitCall(window, limit, t))).toEqual([undefined, undefined, undefined]);
    expect(admitCall(window, limit, 59_999)).toBe(1);
    expect(admitCall(window, limit, 60_000)).toBeUndefined();
    // Refused calls do not count.
    expect(admitCall(window, limit, 60_000)).toBe(1);
  });

  it("validates and describes limits", () => {
    expect(rateLimitProblem({ requests: 3, perSeconds: 60 })).toBeUndefined();
    expect(rateLimitProblem({ requests: 0, perSeconds: 1 })).toMatch(/requests, a whole number ≥ 1/);
    expect(rateLimitProblem({ requests: 2.5, perSeconds: 1 })).toMatch(/requests/);
    expect(rateLimitProblem({ requests: 1, perSeconds: 0 })).toMatch(/perSeconds/);
    expect(rateLimitProblem(undefined)).toMatch(/object/);
    expect(describeRateLimit({ requests: 3, perSeconds: 60 })).toBe("3 per minute");
    expect(describeRateLimit({ requests: 10, perSeconds: 1 })).toBe("10 per second");
    expect(spacingMs({ requests: 3, perSeconds: 60 })).toBe(20_000);
  });
});

describe("RateLimiter (client pacing)", () => {
  it("spaces sends W / N apart from the first call on, in FIFO order", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const order: number[] = [];
    const calls = Array.from({ length: 4 }, (_, i) => limiter.acquire("k", { requests: 2, perSeconds: 1 }).then((release) => (order.push(i), release())));
    await flush();
    expect(order).toEqual([0]);
    clock.advance(499);
    await flush();
    expect(order).toEqual([0]);
    clock.advance(1);
    await flush();
    expect(order).toEqual([0, 1]);
    clock.advance(500);
    await flush();
    expect(order).toEqual([0, 1, 2]);
    clock.advance(500);
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("paces the Entry tier's 3 CreateAsset per minute at one every 20 s", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock);
    const sentAt: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => limiter.acquire("k", { requests: 3, perSeconds: 60 }).then((release) => (sentAt.push(clock.t), release()))));
    expect(sentAt).toEqual(Array.from({ length: 10 }, (_, i) => i * 20_000));
  });

  it("holds a slot while the call is in flight and until W after its answer", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 2, perSeconds: 1 };
    const first = await limiter.acquire("k", limit);
    clock.advance(500);
    await limiter.acquire("k", limit);
    let third = false;
    const thirdCall = limiter.acquire("k", limit).then((release) => ((third = true), release));
    clock.advance(4500);
    await flush();
    // Both slots in flight for 5 s: nothing goes, however long it has been.
    expect(third).toBe(false);
    expect(limiter.inFlight("k")).toBe(2);
    first();
    first(); // a second release changes nothing
    expect(limiter.inFlight("k")).toBe(1);
    await flush();
    clock.advance(999);
    await flush();
    expect(third).toBe(false);
    clock.advance(1);
    await thirdCall;
    expect(third).toBe(true);
  });

  it("passes at once without a limit", async () => {
    const release = await new RateLimiter(manualClock()).acquire("k", undefined);
    expect(release).toBeTypeOf("function");
  });

  it("serves thousands of queued callers with one pending sleep per lane", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 100, perSeconds: 1 };
    const done: number[] = [];
    await Promise.all(Array.from({ length: 5000 }, (_, i) => limiter.acquire("k", limit).then((release) => (done.push(i), release()))));
    expect(done).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(clock.maxPendingSleeps).toBe(1);
    // One every 10 ms from the first on.
    expect(clock.t).toBe(49_990);
    expect(limiter.waiting("k")).toBe(0);
  });

  it("keeps lanes apart by key", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 1, perSeconds: 60 };
    (await limiter.acquire("a", limit))();
    await expect(limiter.acquire("b", limit)).resolves.toBeTypeOf("function");
    let third = false;
    void limiter.acquire("a", limit).then(() => (third = true));
    await flush();
    expect(third).toBe(false);
    expect(limiter.waiting("a")).toBe(1);
  });

  it("takes an aborted caller out of the queue without spending a slot", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 1, perSeconds: 1 };
    (await limiter.acquire("k", limit))();
    const controller = new AbortController();
    const aborted = limiter.acquire("k", limit, controller.signal);
    const next = vi.fn();
    const nextCall = limiter.acquire("k", limit).then(next);
    controller.abort(new Error("gave up"));
    await expect(aborted).rejects.toThrow("gave up");
    clock.advance(1000);
    await nextCall;
    expect(next).toHaveBeenCalledTimes(1);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const limiter = new RateLimiter(manualClock());
    await expect(limiter.acquire("k", { requests: 1, perSeconds: 1 }, AbortSignal.abort(new Error("no")))).rejects.toThrow("no");
  });

  it("applies a changed limit from then on", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    (await limiter.acquire("k", { requests: 1, perSeconds: 1 }))();
    let next = false;
    void limiter.acquire("k", { requests: 1, perSeconds: 10 }).then(() => (next = true));
    clock.advance(1000);
    await flush();
    expect(next).toBe(false);
    clock.advance(9000);
    await flush();
    expect(next).toBe(true);
  });
});

/**
 * A discrete-event clock: `sleep` schedules a wake-up, `run` moves time to each next event in order and lets the
 * promises settle in between — many callers, latencies and timers on simulated time, in milliseconds of real time.
 */
function eventClock(): Clock & { run(until: number): Promise<void>; at(time: number): Promise<void> } {
  let t = 0;
  let timers: { at: number; seq: number; wake: () => void }[] = [];
  let seq = 0;
  const at = (time: number) => new Promise<void>((wake) => timers.push({ at: Math.max(time, t), seq: seq++, wake }));
  return {
    now: () => t,
    sleep: (ms) => at(t + ms),
    at,
    async run(until) {
      for (;;) {
        await flush();
        if (timers.length === 0) return;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift()!;
        if (next.at > until) throw new Error(`simulation still busy at ${until} ms`);
        t = next.at;
        next.wake();
      }
    },
  };
}

/** A pseudo-random generator in [0, 1), seeded (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `callers` concurrent callers make `calls` calls each through one client lane; each call reaches the "gateway" after
 * a random delay (≤ maxLatency), is judged there by the emulator's admission rule, and is answered after another
 * random delay. Returns the refusals and the simulated duration.
 */
async function simulate(limit: RateLimit, callers: number, calls: number, maxLatency: number, seed: number): Promise<{ refused: number; admitted: number; duration: number }> {
  const clock = eventClock();
  const limiter = new RateLimiter(clock);
  const gateway = new CallWindow();
  const rnd = random(seed);
  let refused = 0;
  let admitted = 0;
  const caller = async () => {
    for (let i = 0; i < calls; i++) {
      const release = await limiter.acquire("k", limit);
      await clock.at(clock.now() + rnd() * maxLatency);
      if (admitCall(gateway, limit, clock.now()) === undefined) admitted += 1;
      else refused += 1;
      await clock.at(clock.now() + rnd() * maxLatency);
      release();
    }
  };
  const all = Promise.all(Array.from({ length: callers }, caller));
  await clock.run(1e9);
  await all;
  return { refused, admitted, duration: clock.now() };
}

describe("client pacing against the emulator's admission rule (simulated time)", () => {
  it.each([
    { limit: { requests: 3, perSeconds: 60 }, callers: 10, calls: 1, maxLatency: 5000 },
    { limit: { requests: 10, perSeconds: 1 }, callers: 50, calls: 8, maxLatency: 300 },
    { limit: { requests: 100, perSeconds: 1 }, callers: 200, calls: 5, maxLatency: 50 },
    { limit: { requests: 120, perSeconds: 60 }, callers: 40, calls: 10, maxLatency: 2000 },
  ])("$limit.requests per $limit.perSeconds s, $callers callers, latency up to $maxLatency ms: 0 refused", async ({ limit, callers, calls, maxLatency }) => {
    for (const seed of [1, 2, 3]) {
      const { refused, admitted, duration } = await simulate(limit, callers, calls, maxLatency, seed);
      expect(refused).toBe(0);
      expect(admitted).toBe(callers * calls);
      // And the pace is the limit's: not slower than N per (W + 2 × latency), spacing included.
      const total = callers * calls;
      expect(duration).toBeLessThanOrEqual(Math.ceil(total / limit.requests) * (limit.perSeconds * 1000 + 2 * maxLatency) + spacingMs(limit) * limit.requests);
    }
  });

  it("an Entry-tier run of 10 CreateAsset takes 3 minutes at 3 per minute, none refused", async () => {
    const { refused, duration } = await simulate({ requests: 3, perSeconds: 60 }, 10, 1, 200, 7);
    expect(refused).toBe(0);
    expect(duration).toBeGreaterThanOrEqual(9 * 20_000);
    expect(duration).toBeLessThan(9 * 20_000 + 60_000);
  });
});
