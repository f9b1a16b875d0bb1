/**
 * What a user sees of a broken library.yaml through the real CLI: a parse error with its file:line:col and the fix,
 * and two entries that would become the same asset or group on the gateway, both named — at preview, with no
 * JavaScript stack trace, no ANSI escape codes, and nothing sent to the gateway.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { E2EStack } from "./support/stack.js";

describe("library.yaml errors through the CLI", () => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 50 });
    stack = await E2EStack.create("library-validation", { "seedance:gateway": "anyfast", "seedance:baseUrl": emulator.gatewayUrl("anyfast") }, { "seedance:apiKey": DEFAULT_API_KEY });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  const preview = async (yaml: string) => {
    stack.writeLibrary(yaml);
    const before = emulator.requests.length;
    const result = await stack.run("preview", "--non-interactive");
    return { ...result, output: result.stdout + result.stderr, sent: emulator.requests.slice(before) };
  };

  /** What every error here must not show: a stack frame, an ANSI escape, the "unhandled exception" preamble. */
  const expectCleanError = (output: string) => {
    expect(output).not.toMatch(/\n\s+at \S+ \(/);
    expect(output).not.toContain("\u001b[");
    expect(output).not.toContain("failed with an unhandled exception");
  };

  it("a YAML syntax error: file:line:col, the problem and the fix, nothing else", async () => {
    const result = await preview(["groups:", "  cast:", "    assets:", "      hero: { type: Image, url: https://example.com/hero.png", "      villain: { type: Image, url: https://example.com/villain.png }", ""].join("\n"));
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/library\.yaml:5:\d+: is not valid YAML: [^\n]+\. Fix: [^\n]+/);
    console.log(`YAML parse error as the CLI shows it:\n${/error: (.*library\.yaml:5:.*)/.exec(result.output)?.[1]}`);
    expectCleanError(result.output);
    expect(result.sent).toEqual([]);
  });

  it("two assets of one group with one name: preview fails naming both keys, nothing is created", async () => {
    const result = await preview(["groups:", "  cast:", "    assets:", "      hero: { type: Image, url: https://example.com/hero.png }", "      hero-v2: { name: hero, type: Image, url: https://example.com/hero2.png }", ""].join("\n"));
    expect(result.code).not.toBe(0);
    const line = /error: (.*library\.yaml: .*)/.exec(result.output)?.[1] ?? "";
    expect(line).toContain('groups.cast.assets.hero and groups.cast.assets.hero-v2 (lines 4 and 5) both name an asset "hero" in group cast');
    expect(line).toContain("Fix: give one of them another `name:`");
    console.log(`Duplicate asset names as the CLI shows them:\n${line}`);
    expectCleanError(result.output);
    expect(result.sent).toEqual([]);
  });

  it("two groups with one name, and a key given twice: both places named", async () => {
    const groups = await preview(["groups:", "  cast: {}", "  crew: { name: cast }", ""].join("\n"));
    expect(groups.code).not.toBe(0);
    expect(groups.output).toContain('groups.cast and groups.crew (lines 2 and 3) both name a group "cast" in the same profile and project');
    expectCleanError(groups.output);
    const twice = await preview(["groups:", "  cast: {}", "  cast: { description: again }", ""].join("\n"));
    expect(twice.code).not.toBe(0);
    expect(twice.output).toMatch(/library\.yaml:3:3: groups has the key "cast" twice \(lines 2 and 3\); keys name resources and must be unique\. Fix: rename or remove one of them\./);
    expectCleanError(twice.output);
  });
});
