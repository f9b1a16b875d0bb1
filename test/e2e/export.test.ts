/**
 * Bringing an existing library under management: an emulator account with 2 groups and 6 assets made through the
 * real client, `seedance-assets export` (the package's bin, compiled) writes library.yaml, and the real Pulumi CLI
 * adopts everything — no CreateAssetGroup or CreateAsset reaches the gateway, no duplicate appears, the state holds
 * the existing ids, the update's output lists each adoption, and the next `pulumi up` changes nothing. Then an
 * adoption whose declared media differs from the existing asset's is refused with the exact difference.
 * For a Bearer gateway with the group-name prefix (anyfast) and an AK/SK gateway with URL sources only (volcengine);
 * on volcengine the account also holds a real person's (LivenessFace) group with one asset, which the export writes
 * by its id and `pulumi up` adopts with its asset (Anyfast's lists never show such groups).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { GatewayClient, type GatewayProfile } from "../../provider/client.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { parseLibrary } from "../../provider/library.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";
import { verifiedGroup } from "../support/liveness.js";
import { E2EStack, type RunResult } from "./support/stack.js";

const API_KEY = `export-api-key-${process.pid}-51ac`;
const ACCESS_KEY_ID = `AKLTexport${process.pid}`;
const SECRET_ACCESS_KEY = `export-secret-${process.pid}-9d0e`;
const CLI = resolve(repoRoot, "dist/cli/seedance-assets.js");

/** Runs the compiled `seedance-assets` with `env` added; never throws for a non-zero exit. */
function seedanceAssets(args: string[], env: Record<string, string>, cwd: string): Promise<RunResult> {
  return new Promise((resolveRun) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolveRun({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.each<{ gateway: GatewayName }>([{ gateway: "anyfast" }, { gateway: "volcengine" }])("$gateway: export, then pulumi up adopts", ({ gateway }) => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;
  let client: GatewayClient;
  let credentials: Record<string, string>;
  const existing = new Map<string, string>(); // "<group>/<asset>" → id
  const realPerson = gateway === "volcengine"; // the account also has a verified person's group with one asset
  let realPersonGroup = "";
  let realPersonAsset = "";
  const groupCount = realPerson ? 3 : 2;
  const assetCount = realPerson ? 7 : 6;
  const creates = () => emulator.requests.filter((r) => r.gateway === gateway && (r.action === "CreateAsset" || r.action === "CreateAssetGroup")).length;

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 100, apiKeys: [API_KEY], accessKeys: [{ accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }] });
    credentials =
      gateway === "volcengine"
        ? { VOLCENGINE_ACCESS_KEY_ID: ACCESS_KEY_ID, VOLCENGINE_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY }
        : { SEEDANCE_API_KEY: API_KEY };
    const profile: GatewayProfile =
      gateway === "volcengine"
        ? { gateway, baseUrl: emulator.gatewayUrl(gateway), accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }
        : { gateway, baseUrl: emulator.gatewayUrl(gateway), apiKey: API_KEY };
    client = new GatewayClient(profile);
    // The account as someone built it by hand: 2 groups, 6 assets, media the emulator downloads and keeps.
    const library = {
      characters: { hero: ["png", 640, 480], villain: ["png", 800, 600], sidekick: ["gif", 400, 400] },
      scenes: { skyline: ["png", 1024, 576], street: ["bmp", 500, 500], harbour: ["png", 700, 500] },
    } as const;
    for (const [groupName, assets] of Object.entries(library)) {
      const { Id: groupId } = await client.call("CreateAssetGroup", { Name: groupName, Description: `${groupName} by hand`, GroupType: "AIGC", ProjectName: "default" });
      for (const [name, [ext, width, height]] of Object.entries(assets)) {
        const url = `${emulator.url}/_emulator/samples/${name}.${ext}?width=${width}&height=${height}`;
        const { Id } = await client.call("CreateAsset", { GroupId: groupId, Name: name, AssetType: "Image", URL: url, ProjectName: "default" });
        existing.set(`${groupName}/${name}`, Id);
      }
    }
    if (realPerson) {
      realPersonGroup = await verifiedGroup(emulator, client, "ana");
      const url = `${emulator.url}/_emulator/samples/front.face-ana.png?width=640&height=480`;
      ({ Id: realPersonAsset } = await client.call("CreateAsset", { GroupId: realPersonGroup, Name: "front", AssetType: "Image", URL: url, ProjectName: "default" }));
    }
    await emulator.admin.idle();
    const config = { "seedance:gateway": gateway, "seedance:baseUrl": emulator.gatewayUrl(gateway), "seedance:pollIntervalSeconds": "0.1" };
    stack = await E2EStack.create(`export-${gateway}`, config, {}, credentials);
  });

  afterAll(async () => {
    await client?.close();
    await stack?.dispose();
    await emulator?.close();
  });

  it("seedance-assets export writes a library.yaml with adopt: true, every group and every asset", async () => {
    const out = join(stack.project, "library.yaml");
    const result = await seedanceAssets(["export", "--gateway", gateway, "--base-url", emulator.gatewayUrl(gateway), "--out", out, "--force"], credentials, stack.project);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${groupCount} group(s) and ${assetCount} asset(s) from ${gateway} written to ${out}`);
    const text = readFileSync(out, "utf8");
    for (const secret of [API_KEY, SECRET_ACCESS_KEY]) expect(text).not.toContain(secret);
    const library = parseLibrary(text, out);
    expect(library.adopt).toBe(true);
    const aigcKeys = Object.keys(library.groups).filter((key) => library.groups[key]!.groupId === undefined);
    expect(aigcKeys.sort()).toEqual(["characters", "scenes"]);
    if (realPerson) {
      // Written by its id, with its asset: the one group no pulumi up may create.
      const [key, entry] = Object.entries(library.groups).find(([, g]) => g.groupId === realPersonGroup)!;
      expect(Object.keys(entry.assets)).toEqual(["front"]);
      existing.set(`${key}/front`, realPersonAsset);
    }
    expect(Object.keys(library.groups)).toHaveLength(groupCount);
    expect(Object.keys(library.groups["characters"]!.assets).sort()).toEqual(["hero", "sidekick", "villain"]);
    expect(text).toMatch(/# asset-[\w-]+: the gateway's presigned link, valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    if (process.env["E2E_VERBOSE"]) console.log(`$ seedance-assets export --gateway ${gateway} …\n${result.stderr}\n${text}`);
  });

  it("pulumi up adopts every group and asset: no create on the gateway, no duplicate, the existing ids in the state", async () => {
    const before = creates();
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(creates()).toBe(before);
    const snapshot = emulator.admin.snapshot({ gateway });
    expect(snapshot.groups).toHaveLength(groupCount);
    expect(snapshot.assets).toHaveLength(assetCount);
    const out = await stack.outputs();
    expect(out["assetIds"]).toEqual(Object.fromEntries(existing));
    const output = result.stdout + result.stderr;
    for (const name of ["hero", "villain", "sidekick", "skyline", "street", "harbour", ...(realPerson ? ["front"] : [])]) {
      expect(output).toMatch(new RegExp(`Asset "${name}": adopted existing Image asset-[\\w-]+ \\(Active\\) on ${gateway}; compared name, assetType, group, source \\(the gateway's own link`));
    }
    expect(output).toMatch(/AssetGroup "characters": adopted existing group group-/);
    if (process.env["E2E_VERBOSE"]) console.log(`$ pulumi up\n${result.stdout}`);
  });

  it("the next pulumi up has no changes", async () => {
    const before = emulator.requests.length;
    const plan = await stack.plan();
    for (const [name, ops] of Object.entries(plan)) expect(ops, name).toEqual(["same"]);
    const result = await stack.up();
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/[~+-] seedance:|created|updated|replaced|deleted/);
    expect(emulator.requests.slice(before).filter((r) => r.action !== "GetAsset" && r.action !== "GetAssetGroup" && r.action !== "ListAssets" && r.action !== "ListAssetGroups")).toEqual([]);
    if (process.env["E2E_VERBOSE"]) console.log(`$ pulumi up\n${result.stdout}`);
  });

  it("refuses to adopt an asset whose media differs from the declared source, naming both digests", async () => {
    const groupId = (await stack.outputs())["groupIds"]!["characters"]!;
    const other = `${emulator.url}/_emulator/samples/extra.png?width=320&height=320`;
    await client.call("CreateAsset", { GroupId: groupId, Name: "extra", AssetType: "Image", URL: other, ProjectName: "default" });
    await emulator.admin.idle();
    const text = readFileSync(join(stack.project, "library.yaml"), "utf8");
    const declared = `${emulator.url}/_emulator/samples/extra.png?width=330&height=330`;
    const doc = parseDocument(text);
    doc.setIn(["groups", "characters", "assets", "extra"], doc.createNode({ type: "Image", url: declared }));
    stack.writeLibrary(doc.toString());
    const before = creates();
    const result = await stack.up();
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      /Asset "extra": refusing to adopt asset-[\w-]+, which differs from the declaration:\s+- source: the gateway's media is SHA-256 [0-9a-f]{12}…, \d+ bytes, source\.url \S+ is SHA-256 [0-9a-f]{12}…, \d+ bytes/,
    );
    expect(creates()).toBe(before);
  });
});
