/**
 * The dynamic-provider process exits when the engine is gone: the watchdog recognises the provider's command line
 * and fires when the engine's port refuses connections, never while it answers.
 */
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { engineAddressOf, watchEngine } from "../../provider/resources/engine-watchdog.js";

const listen = (): Promise<Server> =>
  new Promise((resolve) => {
    const server = createServer((socket) => socket.destroy());
    server.listen(0, "127.0.0.1", () => resolve(server));
  });

describe("engine watchdog", () => {
  it("runs only in Pulumi's dynamic-provider process, reading the engine address from its arguments", () => {
    expect(engineAddressOf(["node", "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js", "127.0.0.1:35607"])).toEqual({ host: "127.0.0.1", port: 35607 });
    expect(engineAddressOf(["node", "/x/@pulumi/pulumi/cmd/dynamic-provider", "[::1]:4000"])).toEqual({ host: "::1", port: 4000 });
    expect(engineAddressOf(["node", "/x/vitest.mjs", "127.0.0.1:1"])).toBeUndefined();
    expect(engineAddressOf(["node", "/x/cmd/dynamic-provider/index.js"])).toBeUndefined();
    expect(watchEngine({ argv: ["node", "vitest"] })).toBe(false);
  });

  it("stays quiet while the engine answers and fires within a few intervals once its port is closed", async () => {
    const server = await listen();
    const { port } = server.address() as AddressInfo;
    const reasons: string[] = [];
    const gone = new Promise<void>((resolve) => {
      expect(watchEngine({ argv: ["node", "/p/cmd/dynamic-provider/index.js", `127.0.0.1:${port}`], intervalMs: 40, onGone: (reason) => (reasons.push(reason), resolve()) })).toBe(true);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reasons).toEqual([]);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gone;
    expect(reasons).toEqual([`the Pulumi engine at 127.0.0.1:${port} is gone`]);
  });
});
