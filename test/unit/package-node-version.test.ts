/** The early Node.js check every entry point runs (provider/node-version.ts). */
import { describe, expect, it } from "vitest";
import { assertSupportedNode, isSupportedNodeVersion, MINIMUM_NODE_VERSION } from "../../provider/node-version.js";

describe("the Node.js version check", () => {
  it("accepts the minimum and newer, refuses older", () => {
    expect(MINIMUM_NODE_VERSION).toEqual([22, 19, 0]);
    for (const ok of ["22.19.0", "v22.23.3", "24.0.0", "26.1.0", "23.0.0"]) expect(isSupportedNodeVersion(ok), ok).toBe(true);
    for (const old of ["20.20.2", "v22.18.9", "22.12.0", "18.0.0"]) expect(isSupportedNodeVersion(old), old).toBe(false);
  });

  it("names the running version, where it is, the minimum and the fix, without a stack into the package", () => {
    let error: Error | undefined;
    try {
      assertSupportedNode("20.20.2", "/usr/bin/node");
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toContain("needs Node.js 22.19.0 or newer (tested on 22 and 24), but this is Node.js 20.20.2 (/usr/bin/node)");
    expect(error?.message).toMatch(/Fix: install Node\.js 22 LTS or 24/);
    expect(error?.stack).not.toMatch(/\n\s+at /);
    expect(() => assertSupportedNode("24.21.0", "/x/node")).not.toThrow();
  });
});
