import { describe, expect, it, vi } from "vitest";
import { RateLimiter } from "../../provider/rate-limiter.js";
import { fakeClock, manualClock } from "./support/http-mock.js";

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("RateLimiter", () => {
  it("lets a burst of `requests` through, then one per 1/rate, in FIFO order", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const order: number[] = [];
    const calls = Array.from({ length: 4 }, (_, i) => limiter.acquire("k", { requests: 2, perSeconds: 1 }).then(() => order.push(i)));
    await flush();
    expect(order).toEqual([0, 1]);
    clock.advance(499);
    await flush();
    expect(order).toEqual([0, 1]);
    clock.advance(1);
    await flush();
    expect(order).toEqual([0, 1, 2]);
    clock.advance(500);
    await Promise.all(calls);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it("passes at once without a limit", async () => {
    await expect(new RateLimiter(manualClock()).acquire("k", undefined)).resolves.toBeUndefined();
  });

  it("serves thousands of queued callers with one pending sleep per bucket", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 100, perSeconds: 1 };
    const done: number[] = [];
    await Promise.all(Array.from({ length: 5000 }, (_, i) => limiter.acquire("k", limit).then(() => done.push(i))));
    expect(done).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(clock.maxPendingSleeps).toBe(1);
    // 100 at once, then 4 900 more at 10 ms each.
    expect(clock.t).toBe(49_000);
    expect(limiter.waiting("k")).toBe(0);
  });

  it("keeps buckets apart by key", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 1, perSeconds: 60 };
    await limiter.acquire("a", limit);
    await expect(limiter.acquire("b", limit)).resolves.toBeUndefined();
    let third = false;
    void limiter.acquire("a", limit).then(() => (third = true));
    await flush();
    expect(third).toBe(false);
    expect(limiter.waiting("a")).toBe(1);
  });

  it("takes an aborted caller out of the queue without spending a token", async () => {
    const clock = manualClock();
    const limiter = new RateLimiter(clock);
    const limit = { requests: 1, perSeconds: 1 };
    await limiter.acquire("k", limit);
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
    await limiter.acquire("k", { requests: 1, perSeconds: 1 });
    let passed = false;
    void limiter.acquire("k", { requests: 10, perSeconds: 1 }).then(() => (passed = true));
    clock.advance(100);
    await flush();
    expect(passed).toBe(true);
  });
});
