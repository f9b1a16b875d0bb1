/**
 * The resources through the real Pulumi CLI against the in-process emulator, as Terraform acceptance tests read:
 * up → second up has no changes → rename (update in place) → new source (replace) → refresh is clean → an entry
 * removed (delete) → destroy; for one Bearer gateway with uploads (anyfast) and one AK/SK gateway (volcengine).
 *
 * Every credential used is searched for in the exported state. anyfast takes its key from the stack configuration
 * (`--secret`), volcengine its key pair from the environment. Pulumi itself copies the whole stack configuration
 * into the inputs of the default `pulumi:providers:pulumi-nodejs` provider (secrets encrypted; engine behaviour for
 * every dynamic provider, pulumi/pkg resource/deploy/target.go GetPackageConfig), so there a configured secret is
 * visible with --show-secrets; nowhere else, and nowhere at all when it comes from the environment.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeSample } from "../../emulator/samples.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { E2EStack } from "./support/stack.js";

const API_KEY = `e2e-api-key-${process.pid}-4f1c9a`;
const ACCESS_KEY_ID = `AKLTe2e${process.pid}access`;
const SECRET_ACCESS_KEY = `e2e-secret-access-key-${process.pid}-7b2d`;

interface Case {
  gateway: GatewayName;
  /** Whether the gateway takes local files (else every source is a URL). */
  uploads: boolean;
}

function library(c: Case, opts: { groupName?: string; picName?: string; picVersion?: number; withClip?: boolean } = {}): string {
  const version = opts.picVersion ?? 1;
  const pic = c.uploads ? `file: media/pic${version}.png` : `url: https://example.com/e2e/pic${version}.png`;
  return [
    "groups:",
    "  e2e:",
    ...(opts.groupName ? [`    name: ${opts.groupName}`] : []),
    "    description: e2e group",
    "    assets:",
    "      pic:",
    ...(opts.picName ? [`        name: ${opts.picName}`] : []),
    "        type: Image",
    `        ${pic}`,
    "      web:",
    "        type: Image",
    "        url: https://example.com/e2e/web.jpg",
    ...(opts.withClip === false ? [] : ["      clip:", "        type: Video", "        url: https://example.com/e2e/clip.mp4"]),
    "",
  ].join("\n");
}

describe.each<Case>([
  { gateway: "anyfast", uploads: true },
  { gateway: "volcengine", uploads: false },
])("$gateway: the stack lifecycle", (c) => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  const assets = () => emulator.admin.snapshot({ gateway: c.gateway }).assets;
  const groups = () => emulator.admin.snapshot({ gateway: c.gateway }).groups;
  let ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({
      processingMs: 300,
      apiKeys: [API_KEY],
      accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }],
    });
    const config = { "seedance:gateway": c.gateway, "seedance:baseUrl": emulator.gatewayUrl(c.gateway), "seedance:pollIntervalSeconds": "0.1" };
    stack =
      c.gateway === "volcengine"
        ? await E2EStack.create(c.gateway, config, {}, { VOLCENGINE_ACCESS_KEY_ID: ACCESS_KEY_ID, VOLCENGINE_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY })
        : await E2EStack.create(c.gateway, config, { "seedance:apiKey": API_KEY });
    stack.writeFile("media/pic1.png", makeSample("png", { width: 640, height: 480 }).data);
    stack.writeFile("media/pic2.png", makeSample("png", { width: 800, height: 600 }).data);
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("up creates the group and its assets, all Active, each with an asset:// reference", async () => {
    stack.writeLibrary(library(c));
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const out = await stack.outputs();
    ids = out["assetIds"]!;
    expect(Object.keys(ids).sort()).toEqual(["e2e/clip", "e2e/pic", "e2e/web"]);
    expect(out["statuses"]).toEqual({ "e2e/clip": "Active", "e2e/pic": "Active", "e2e/web": "Active" });
    for (const [key, id] of Object.entries(ids)) expect(out["references"]![key]).toBe(`asset://${id}`);
    expect(assets().map((a) => a.Name).sort()).toEqual(["clip", "pic", "web"]);
    if (c.gateway === "anyfast") expect(out["storedNames"]!["e2e"]).toMatch(/^\[u-\d+\]-\[t-\d+\]-e2e$/);
  });

  it("the state holds no credential (stack export, with and without --show-secrets)", async () => {
    const credentials = [API_KEY, ACCESS_KEY_ID, SECRET_ACCESS_KEY];
    const encrypted = await stack.ok("stack", "export");
    for (const credential of credentials) expect(encrypted).not.toContain(credential);

    const text = await stack.exportState();
    const resources = (JSON.parse(text) as { deployment: { resources: { type: string }[] } }).deployment.resources;
    const ours = JSON.stringify(resources.filter((r) => r.type !== "pulumi:providers:pulumi-nodejs"));
    expect(ours).toContain("pulumi-nodejs:dynamic/seedance:Asset");
    for (const credential of credentials) expect(ours).not.toContain(credential);
    if (c.gateway === "volcengine") {
      for (const credential of credentials) expect(text).not.toContain(credential);
    } else {
      // Only Pulumi's own copy of the stack configuration in the default provider holds the configured key, encrypted.
      expect(encrypted).toMatch(/"seedance:apiKey": \{\s*"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",\s*"ciphertext"/);
    }
  });

  it("a second up has nothing to do", async () => {
    const preview = await stack.run("preview", "--expect-no-changes", "--non-interactive");
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
    const before = emulator.requests.length;
    const result = await stack.up("--expect-no-changes");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(emulator.requests.slice(before).filter((r) => r.action?.startsWith("Create") || r.action?.startsWith("Update") || r.action?.startsWith("Delete"))).toEqual([]);
  });

  it("renaming the group and an asset updates them in place", async () => {
    stack.writeLibrary(library(c, { groupName: "e2e-renamed", picName: "picture" }));
    expect(await stack.plan()).toMatchObject({ e2e: ["update"], "e2e/pic": ["update"] });
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect((await stack.outputs())["assetIds"]).toEqual(ids);
    expect(groups().map((g) => g.Name)).toEqual([expect.stringMatching(/e2e-renamed$/)]);
    expect(assets().map((a) => a.Name).sort()).toEqual(["clip", "picture", "web"]);
  });

  it("a new source replaces the asset (the old one is deleted first: the name stays)", async () => {
    stack.writeLibrary(library(c, { groupName: "e2e-renamed", picName: "picture", picVersion: 2 }));
    const plan = await stack.plan();
    expect(plan["e2e/pic"]).toEqual(expect.arrayContaining(["replace"]));
    expect(plan["e2e/web"]).toBeUndefined();
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const newIds = (await stack.outputs())["assetIds"]!;
    expect(newIds["e2e/pic"]).not.toBe(ids["e2e/pic"]);
    expect(newIds["e2e/web"]).toBe(ids["e2e/web"]);
    expect(assets().filter((a) => a.Name === "picture").map((a) => a.Id)).toEqual([newIds["e2e/pic"]]);
    ids = newIds;
  });

  it("refresh finds no drift, and a preview after it has no changes", async () => {
    const refresh = await stack.run("refresh", "--yes", "--expect-no-changes", "--non-interactive");
    expect(refresh.code, refresh.stdout + refresh.stderr).toBe(0);
    const preview = await stack.run("preview", "--expect-no-changes", "--non-interactive");
    expect(preview.code, preview.stdout + preview.stderr).toBe(0);
  });

  it("removing an entry deletes its asset", async () => {
    stack.writeLibrary(library(c, { groupName: "e2e-renamed", picName: "picture", picVersion: 2, withClip: false }));
    expect(await stack.plan()).toMatchObject({ "e2e/clip": ["delete"] });
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(assets().map((a) => a.Name).sort()).toEqual(["picture", "web"]);
  });

  it("destroy deletes the assets and the group", async () => {
    const result = await stack.run("destroy", "--yes", "--non-interactive");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(groups()).toEqual([]);
    expect(assets()).toEqual([]);
  });
});
