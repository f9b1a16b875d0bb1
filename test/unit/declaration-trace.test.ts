/**
 * The registration trace is trimmed to the program's frames, and nothing else changes while it is: other stacks are
 * formatted as before, and the previous `Error.prepareStackTrace` comes back. The whole path — what the engine stores
 * for a real `pulumi up` — is checked in test/e2e/state-compat.test.ts.
 */
import { describe, expect, it } from "vitest";
import { isProgramFrame, keepProgramFramesOnly, withParseableFrames } from "../../provider/resources/declaration-trace.js";

const frame = (file: string | null) => ({ getFileName: () => file }) as unknown as NodeJS.CallSite;

describe("isProgramFrame", () => {
  const pkg = "/home/me/project/node_modules/pulumi-seedance-assets/dist/provider";
  it.each([
    ["/home/me/project/index.ts", true],
    ["file:///home/me/project/index.mts", true],
    ["/home/me/project/node_modules/@pulumi/pulumi/resource.js", false],
    [`${pkg}/library.js`, false],
    ["node:internal/modules/cjs/loader", false],
    ["evalmachine.<anonymous>", false],
    [null, false],
  ])("%s → %s", (file, expected) => {
    expect(isProgramFrame(frame(file), pkg)).toBe(expected);
  });
});

describe("withParseableFrames", () => {
  it("names unnamed frames, turns file: URLs into paths and keeps named ones as they are", () => {
    const stack = ["Error", "    at file:///work/p/index.mts:2:18", "    at new Foo (file:///work/p/foo.mjs:3:4)", "    at main (/work/p/main.js:7:1)"].join("\n");
    expect(withParseableFrames(stack)).toBe(["Error", "    at <anonymous> (/work/p/index.mts:2:18)", "    at new Foo (/work/p/foo.mjs:3:4)", "    at main (/work/p/main.js:7:1)"].join("\n"));
  });
});

describe("keepProgramFramesOnly", () => {
  it("leaves stacks other than the SDK's capture alone and puts the previous formatter back", () => {
    const previous = Error.prepareStackTrace;
    const mine = (error: Error) => `formatted ${error.message}`;
    Error.prepareStackTrace = mine;
    try {
      const restore = keepProgramFramesOnly();
      expect(Error.prepareStackTrace).not.toBe(mine);
      expect(new Error("x").stack).toBe("formatted x");
      restore();
      expect(Error.prepareStackTrace).toBe(mine);
    } finally {
      Error.prepareStackTrace = previous;
    }
  });

  it("keeps the five frames the SDK drops, then only program frames", () => {
    const previous = Error.prepareStackTrace;
    delete (Error as { prepareStackTrace?: unknown }).prepareStackTrace;
    const restore = keepProgramFramesOnly();
    try {
      // A capture shaped like the SDK's: its first frame is a function named `callsites`.
      function callsites(): string {
        return new Error().stack!;
      }
      const through = (n: number): string => (n === 0 ? callsites() : through(n - 1));
      const stack = through(6);
      const frames = stack.split("\n").slice(1);
      expect(frames[0]).toMatch(/^ {4}at callsites \(/);
      expect(frames.length).toBeGreaterThanOrEqual(8);
      // This test file is a program frame (not node_modules, not the package's provider/ code): all later frames
      // are this file's, and none are vitest's (node_modules) or Node's.
      for (const line of frames.slice(5)) expect(line).toContain("declaration-trace.test.ts");
    } finally {
      restore();
      Error.prepareStackTrace = previous;
    }
  });
});
