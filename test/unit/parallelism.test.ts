/** The engine-parallelism advice (provider/resources/parallelism.ts) and the stack suspension of registrations. */
import { describe, expect, it } from "vitest";
import { engineParallelism, parallelismAdvice } from "../../provider/resources/parallelism.js";
import { suspendPromiseStacks } from "../../provider/resources/promise-stacks.js";

describe("parallelism advice", () => {
  it("reads the parallelism the Node SDK received, and treats missing or non-positive values as unknown", () => {
    expect(engineParallelism({ PULUMI_NODEJS_PARALLEL: "8" })).toBe(8);
    expect(engineParallelism({})).toBeUndefined();
    expect(engineParallelism({ PULUMI_NODEJS_PARALLEL: "-1" })).toBeUndefined();
  });

  it("warns with the exact setting only when the library has more resources than slots", () => {
    expect(parallelismAdvice(1021, 8)).toContain("PULUMI_PARALLEL=1021 (or pulumi up --parallel 1021)");
    expect(parallelismAdvice(1021, 8)).toContain("runs 8 operations at once");
    expect(parallelismAdvice(8, 8)).toBeUndefined();
    expect(parallelismAdvice(5000, undefined)).toBeUndefined();
  });
});

describe("suspendPromiseStacks", () => {
  it("captures no frames until restored, then restores the previous limit", () => {
    const before = Error.stackTraceLimit;
    const restore = suspendPromiseStacks({});
    expect(new Error("x").stack).toBe("Error: x");
    restore();
    expect(Error.stackTraceLimit).toBe(before);
  });

  it("restores by itself after the current synchronous code, and leaves stacks alone when leak debugging is on", async () => {
    const before = Error.stackTraceLimit;
    suspendPromiseStacks({});
    await Promise.resolve();
    expect(Error.stackTraceLimit).toBe(before);
    suspendPromiseStacks({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    expect(Error.stackTraceLimit).toBe(before);
  });
});
