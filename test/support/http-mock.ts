/**
 * nock helpers for client tests: answer with a status/body/headers and record the request exactly as it arrived
 * (nock 15 hands the reply function a Fetch `Request`, so the bytes are the bytes sent — what a signature covers).
 */
import nock from "nock";
import { afterEach, beforeAll } from "vitest";
import type { GatewayClient } from "../../provider/client.js";
import { RateLimiter, type Clock } from "../../provider/rate-limiter.js";

export interface RecordedRequest {
  method: string;
  url: URL;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Uint8Array;
  text: string;
}

export interface Answer {
  status: number;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A reply function for `interceptor.reply(...)` that records into `log` and sends `answer`. */
export function answer(log: RecordedRequest[], a: Answer) {
  // One parameter on purpose: nock 15 treats a two-parameter reply function as callback style.
  return async function reply(req: Request) {
    const body = new Uint8Array(await req.arrayBuffer());
    const headers: Record<string, string> = {};
    req.headers.forEach((value, name) => (headers[name.toLowerCase()] = value));
    log.push({ method: req.method, url: new URL(req.url), headers, body, text: new TextDecoder().decode(body) });
    const payload = a.body === undefined ? "" : typeof a.body === "string" ? a.body : JSON.stringify(a.body);
    return [a.status, payload, { "content-type": "application/json", ...a.headers }];
  };
}

/** Blocks real network access (loopback allowed for the timeout tests) and checks every mock was used. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    if (pending.length > 0) throw new Error(`unused nock mocks: ${pending.join(", ")}`);
  });
}

/** A list for the GatewayClients a test makes: each is closed after the test. Call once per file. */
export function useClients(): GatewayClient[] {
  const clients: GatewayClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  return clients;
}

/** A clock whose sleep advances time at once; `pendingSleeps` counts sleeps in flight (to prove no timer storms). */
export function fakeClock(): Clock & { t: number; sleeps: number[]; pendingSleeps: number; maxPendingSleeps: number } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    pendingSleeps: 0,
    maxPendingSleeps: 0,
    now: () => clock.t,
    async sleep(ms: number) {
      clock.sleeps.push(ms);
      clock.pendingSleeps += 1;
      clock.maxPendingSleeps = Math.max(clock.maxPendingSleeps, clock.pendingSleeps);
      await Promise.resolve();
      clock.t += ms;
      clock.pendingSleeps -= 1;
    },
  };
  return clock;
}

/** A clock that moves only when the test calls `advance(ms)`; sleepers due by then wake up. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let t = 0;
  let sleepers: { until: number; wake: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms) => new Promise<void>((wake) => sleepers.push({ until: t + ms, wake })),
    advance(ms) {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.wake();
    },
  };
}

/**
 * GatewayClient options that never wait for real: backoff sleeps are recorded (not waited), jitter is 0.5, the
 * signing clock is fixed, and the rate limiter runs on its own fake clock.
 */
export function fakeTiming(now = new Date("2026-03-20T12:00:00Z")) {
  const sleeps: number[] = [];
  const limiterClock = fakeClock();
  return {
    sleeps,
    limiterClock,
    options: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      rateLimiter: new RateLimiter(limiterClock),
      debug: false,
    },
  };
}
