/**
 * Credentials through the real CLI: every debug path the project documents (README "Debugging") run end to end with
 * a Bearer key and an AK/SK profile, its whole output searched for the secrets; and a key rotation — the emulator
 * revokes the old key — taking effect on the very next command as README "Rotating a credential" says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { E2EStack } from "./support/stack.js";

const API_KEY = "e2e-bearer-key-3c9f1a7d52b8";
const ACCESS_KEY_ID = "AKLTe2eDebugPaths000000000000";
const SECRET_ACCESS_KEY = "e2e-secret-access-key-8d2e6b41f0c7";

/** One asset on each gateway; a new `round` replaces both, so every `up` talks to both gateways. */
const library = (round: number) =>
  [
    "groups:",
    "  bearer:",
    "    assets:",
    `      a${round}: { type: Image, url: https://example.com/debug/a${round}.png }`,
    "  signed:",
    "    profile: native",
    "    assets:",
    `      b${round}: { type: Image, url: https://example.com/debug/b${round}.png }`,
    "",
  ].join("\n");

describe("every documented debug path keeps the credentials out of its output", () => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  let round = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 50, apiKeys: [API_KEY], accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }] });
    stack = await E2EStack.create(
      "debug-paths",
      {
        "seedance:gateway": "anyfast",
        "seedance:baseUrl": emulator.gatewayUrl("anyfast"),
        "seedance:pollIntervalSeconds": "0.1",
        "seedance:profiles.native.gateway": "volcengine",
        "seedance:profiles.native.baseUrl": emulator.gatewayUrl("volcengine"),
        "seedance:profiles.native.accessKeyId": ACCESS_KEY_ID,
      },
      { "seedance:apiKey": API_KEY, "seedance:profiles.native.secretAccessKey": SECRET_ACCESS_KEY },
      { SEEDANCE_DEBUG: "1" },
    );
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it.each([
    ["SEEDANCE_DEBUG=1 pulumi preview", ["preview", "--non-interactive"]],
    ["SEEDANCE_DEBUG=1 pulumi up", ["up", "--yes", "--skip-preview", "--non-interactive"]],
    ["SEEDANCE_DEBUG=1 pulumi refresh", ["refresh", "--yes", "--non-interactive"]],
    ["SEEDANCE_DEBUG=1 pulumi up --debug", ["up", "--yes", "--non-interactive", "--debug"]],
    ["SEEDANCE_DEBUG=1 pulumi refresh --debug", ["refresh", "--yes", "--non-interactive", "--debug"]],
    ["SEEDANCE_DEBUG=1 pulumi destroy", ["destroy", "--yes", "--non-interactive"]],
  ])("%s: the [seedance] exchanges show, no credential does", async (_path, args) => {
    if (args[0] !== "destroy") stack.writeLibrary(library(++round));
    const result = await stack.run(...args);
    const output = result.stdout + result.stderr;
    expect(result.code, output).toBe(0);
    expect(output).not.toContain(API_KEY);
    expect(output).not.toContain(SECRET_ACCESS_KEY);
    if (args[0] !== "preview") {
      // Both gateways' exchanges are shown, their credentials redacted.
      expect(output).toMatch(/\[seedance\] anyfast \w+ #1 POST /);
      expect(output).toMatch(/\[seedance\] volcengine \w+ #1 POST /);
      expect(output).toMatch(/\[seedance\]\s+> authorization: \[REDACTED\]/);
    }
  });

  it("the emulator's request log (GET /_emulator/requests) holds no credential", async () => {
    const log = await (await fetch(`${emulator.url}/_emulator/requests`)).text();
    expect(log).toContain("CreateAsset");
    expect(log).not.toContain(API_KEY);
    expect(log).not.toContain(ACCESS_KEY_ID);
    expect(log).not.toContain(SECRET_ACCESS_KEY);
  });

  it("the path README warns against (--logtostderr -v=9) does print them: Pulumi's own RPC log of the provider configuration", async () => {
    // (After the destroy above: a preview configures the provider as well.)
    stack.writeLibrary(library(++round));
    const result = await stack.run("preview", "--non-interactive", "--logtostderr", "-v=9");
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/Marshaling property for RPC\[Provider\[[^\]]+\]\.Configure\(\)\.inputs\]/);
    expect(output).toContain(API_KEY);
  });
});

describe("rotating a credential takes effect on the very next command", () => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  let assetId = "";
  const OLD_KEY = "e2e-rotation-old-key-5b1e";
  const NEW_KEY = "e2e-rotation-new-key-9a4c";
  const onlyBearer = (extra = "") => ["groups:", "  rot:", "    assets:", "      a: { type: Image, url: https://example.com/rot/a.png }", extra, ""].join("\n");

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 50, apiKeys: [OLD_KEY] });
    stack = await E2EStack.create("rotation", { "seedance:gateway": "anyfast", "seedance:baseUrl": emulator.gatewayUrl("anyfast"), "seedance:pollIntervalSeconds": "0.1" }, { "seedance:apiKey": OLD_KEY });
    stack.writeLibrary(onlyBearer());
    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    assetId = (await stack.outputs())["assetIds"]!["rot/a"]!;
    // The rotation: the gateway replaces the old key by the new one for the same account (the old is refused from
    // now on); the stack config gets the new key.
    emulator.admin.rotateCredential(OLD_KEY, NEW_KEY);
    await stack.setConfig({}, { "seedance:apiKey": NEW_KEY });
  });

  afterAll(async () => {
    await stack?.run("destroy", "--yes", "--non-interactive", "--run-program");
    await stack?.dispose();
    await emulator?.close();
  });

  it("a plain refresh still uses the old key stored with the provider in the state (why README says --run-program)", async () => {
    const result = await stack.run("refresh", "--yes", "--non-interactive");
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/API key is not valid|invalid_api_key|Unauthorized|401/);
    // The error itself says what to run instead.
    expect(result.stdout + result.stderr).toContain("run `pulumi refresh --run-program` or `pulumi up`");
  });

  it("refresh --run-program uses the new key", async () => {
    const before = emulator.requests.length;
    const result = await stack.run("refresh", "--yes", "--non-interactive", "--run-program");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const calls = emulator.requests.slice(before);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.status !== 200)).toEqual([]);
    // The asset was read with the new key and kept (a refresh that could not read it would have dropped it).
    expect((await stack.outputs())["assetIds"]!["rot/a"]).toBe(assetId);
  });

  it("up uses the new key (a new asset is created with it), and a plain refresh after it does too", async () => {
    stack.writeLibrary(onlyBearer("      b: { type: Image, url: https://example.com/rot/b.png }"));
    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const assets = emulator.admin.snapshot({ gateway: "anyfast", credential: NEW_KEY }).assets;
    expect(assets.map((a) => a.Name).sort()).toEqual(["a", "b"]);
    expect(assets.find((a) => a.Name === "a")?.Id).toBe(assetId);
    const refresh = await stack.run("refresh", "--yes", "--non-interactive");
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
  });
});
