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

  it("probe", async () => {
    const r1 = await preview("groups:\n  a:\n    assets:\n      x: { type: Image, url: https://e.com/x.png\n");
    console.log(JSON.stringify(r1.output));
    const r2 = await preview("groups:\n  a:\n    assets:\n      x: { type: Image, url: https://e.com/x.png }\n      y: { name: x, type: Image, url: https://e.com/y.png }\n");
    console.log(JSON.stringify(r2.output));
  });
});
