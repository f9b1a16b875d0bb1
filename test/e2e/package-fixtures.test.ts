/**
 * The package as a user gets it: `npm pack` of this repository installed into fresh Pulumi projects OUTSIDE the
 * repository (no self-reference, no repository node_modules), each checked with its own tools and then run through
 * the real Pulumi CLI against the emulator: `tsc --noEmit` where TypeScript, preview, up, a no-op up, destroy.
 *
 * Layouts:
 * - `ts`: `pulumi new typescript` as Pulumi's template has it (github.com/pulumi/templates `typescript/`:
 *   index.ts run by ts-node, TypeScript ^5, its tsconfig.json — module/moduleResolution nodenext since 2026-03), and
 *   the template's earlier tsconfig (module commonjs, moduleResolution node, no esModuleInterop, no skipLibCheck)
 *   type-checked too, since projects made before 2026 keep it;
 * - `js`: a plain JavaScript project (index.js, CommonJS);
 * - `mts`: this package's recommended layout (index.mts run type-stripped by Node, `typescript: false`).
 *
 * Matrix: every layout on the newest @pulumi/pulumi (NEWEST_PULUMI) with Node 24 (the repository's `node`
 * package), and on the lowest the peer range allows (read from package.json) with Node 22 (the npm `node` package,
 * installed into the temporary folder). Each fixture must hold exactly one copy of @pulumi/pulumi (`npm ls`).
 *
 * Cost: installs use the local npm cache first (`--prefer-offline`; the first run fetches what the cache lacks from
 * the registry): on a warm cache each fixture installs in 4–14 s and Node 22 once in about 4 s. The whole file took
 * 260 s on a 2-core machine at load 3–6 and 540 s at load 13–15, most of it the 24 Pulumi runs and the tsc checks.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { ensurePulumiCli, pulumiEnv, repoRoot } from "../../scripts/pulumi-env.mts";
import type { RunResult } from "./support/stack.js";

/** The newest @pulumi/pulumi on npm when this test was written (`npm view @pulumi/pulumi version`); override with SEEDANCE_FIXTURE_PULUMI_NEWEST. */
const NEWEST_PULUMI = process.env["SEEDANCE_FIXTURE_PULUMI_NEWEST"] ?? "3.276.0";
const manifest = JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
/** The lowest version of the peer range, e.g. `>=3.216.0 <4` → 3.216.0. */
const LOWEST_PULUMI = /^>=\s*(\d+\.\d+\.\d+)/.exec(manifest.peerDependencies["@pulumi/pulumi"] ?? "")?.[1] ?? "(no peer range)";
const NODE_22 = "22.23.3";
const TYPESCRIPT_5 = "5.9.3";
const API_KEY = `fixture-api-key-${process.pid}`;

const root = join(tmpdir(), `seedance-package-fixtures-${process.pid}`);

/** Runs a command; never throws for a non-zero exit. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 600_000): Promise<RunResult> {
  return new Promise((resolveRun) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolveRun({ code: error ? (typeof (error as { code?: unknown }).code === "number" ? (error as { code: number }).code : 1) : 0, stdout, stderr });
    });
  });
}

async function ok(command: string, args: string[], cwd: string, env?: NodeJS.ProcessEnv): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.code}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Pulumi's `typescript` template tsconfig.json (github.com/pulumi/templates, typescript/tsconfig.json, 2026-03). */
const TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "nodenext",
    moduleResolution: "nodenext",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};
/** The same template before 2026-03 (pulumi/templates a3029400, 2024-04): CommonJS, node10 resolution. */
const TEMPLATE_TSCONFIG_2024 = { ...TEMPLATE_TSCONFIG, compilerOptions: { ...TEMPLATE_TSCONFIG.compilerOptions, module: "commonjs", moduleResolution: "node" } };

const LIBRARY = (imageUrl: string) => `groups:\n  posters:\n    description: fixture group\n    assets:\n      poster:\n        type: Image\n        url: ${imageUrl}\n`;

type Layout = "ts" | "js" | "mts";

/** Writes a fixture project; `sdk` is the @pulumi/pulumi version, `tarball` the packed package. */
function writeFixture(dir: string, layout: Layout, sdk: string, tarball: string, imageUrl: string): void {
  mkdirSync(dir, { recursive: true });
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
  const dependencies = { "@pulumi/pulumi": sdk, [manifest.name]: `file:${tarball}` };
  write("library.yaml", LIBRARY(imageUrl));
  if (layout === "ts") {
    write("Pulumi.yaml", "name: fixture-ts\ndescription: pulumi new typescript layout\nruntime: nodejs\n");
    write("package.json", JSON.stringify({ name: "fixture-ts", main: "index.ts", devDependencies: { "@types/node": manifest.devDependencies["@types/node"], typescript: TYPESCRIPT_5 }, dependencies }, null, 2));
    write("tsconfig.json", JSON.stringify(TEMPLATE_TSCONFIG, null, 4));
    write("tsconfig.2024.json", JSON.stringify(TEMPLATE_TSCONFIG_2024, null, 4));
    write(
      "index.ts",
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import * as seedance from "pulumi-seedance-assets";',
        'import { ASSET_DIFF } from "pulumi-seedance-assets/provider/resources/asset";',
        'import type { EmulatorOptions } from "pulumi-seedance-assets/emulator";',
        "",
        'const library: seedance.Library = seedance.loadLibrary("library.yaml");',
        "const declared = seedance.declareLibrary(library);",
        'const options: EmulatorOptions = { port: 0 };',
        "export const references: pulumi.Output<Record<string, string>> = declared.references;",
        "export const replacedBy: string[] = [...ASSET_DIFF.replaceOnChange, String(options.port)];",
        "",
      ].join("\n"),
    );
  } else if (layout === "js") {
    write("Pulumi.yaml", "name: fixture-js\ndescription: plain JavaScript\nruntime: nodejs\n");
    write("package.json", JSON.stringify({ name: "fixture-js", main: "index.js", dependencies }, null, 2));
    write(
      "index.js",
      [
        '"use strict";',
        'const seedance = require("pulumi-seedance-assets");',
        'const group = new seedance.AssetGroup("posters", { name: "posters", description: "fixture group" });',
        'const library = seedance.parseLibrary(require("fs").readFileSync("library.yaml", "utf8"), "library.yaml");',
        "const url = library.groups.posters.assets.poster.url;",
        'const poster = new seedance.Asset("posters/poster", { group, name: "poster", assetType: "Image", source: { url } });',
        "exports.references = { \"posters/poster\": poster.assetUri };",
        "",
      ].join("\n"),
    );
  } else {
    write("Pulumi.yaml", "name: fixture-mts\ndescription: ES module TypeScript run type-stripped by Node\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.mts\n");
    write("package.json", JSON.stringify({ name: "fixture-mts", devDependencies: { "@types/node": manifest.devDependencies["@types/node"], typescript: TYPESCRIPT_5 }, dependencies }, null, 2));
    write("tsconfig.json", JSON.stringify({ compilerOptions: { ...TEMPLATE_TSCONFIG.compilerOptions, noEmit: true }, files: ["index.mts"] }, null, 2));
    write(
      "index.mts",
      [
        'import { fileURLToPath } from "node:url";',
        'import * as seedance from "pulumi-seedance-assets";',
        "",
        'const library = seedance.loadLibrary(fileURLToPath(new URL("library.yaml", import.meta.url)));',
        "export const references = seedance.declareLibrary(library).references;",
        "",
      ].join("\n"),
    );
  }
}

let emulator: EmulatorHandle;
let tarball: string;
let node22Bin: string;
let cliBin: string;
const results: string[] = [];

beforeAll(async () => {
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  // The declarations for node10 resolution are written by `npm run build`; refresh them for the dist being packed.
  await ok(process.execPath, [resolve(repoRoot, "scripts/declarations-node10.mts")], repoRoot);
  const packed = JSON.parse(await ok("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", root], repoRoot)) as { filename: string }[];
  tarball = join(root, packed[0]!.filename);
  // Node 22 from the npm `node` package, outside the repository (its postinstall fetches the binary package).
  const nodeDir = join(root, "node22");
  mkdirSync(nodeDir, { recursive: true });
  writeFileSync(join(nodeDir, "package.json"), JSON.stringify({ name: "node22", private: true, allowScripts: { node: true } }));
  await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", `node@${NODE_22}`], nodeDir);
  node22Bin = join(nodeDir, "node_modules/.bin");
  cliBin = await ensurePulumiCli();
  emulator = await startEmulator({ processingMs: 100, apiKeys: [API_KEY] });
}, 600_000);

afterAll(async () => {
  await emulator?.close();
  if (results.length) console.log(`package fixtures:\n${results.join("\n")}`);
  rmSync(root, { recursive: true, force: true });
});

describe.each<{ sdk: string; node: "22" | "24" }>([
  { sdk: NEWEST_PULUMI, node: "24" },
  { sdk: LOWEST_PULUMI, node: "22" },
])("@pulumi/pulumi $sdk on Node $node", ({ sdk, node }) => {
  describe.each<Layout>(["ts", "js", "mts"])("the %s layout", (layout) => {
    const dir = () => join(root, `${layout}-${sdk}`);
    let env: Record<string, string>;

    const pulumi = (...args: string[]) => run("pulumi", [...args, "--stack", "fixture", "--non-interactive"], dir(), env);

    it("installs from the packed tarball with one copy of @pulumi/pulumi", async () => {
      const started = performance.now();
      writeFixture(dir(), layout, sdk, tarball, `${emulator.url}/_emulator/samples/poster.png?width=640&height=480`);
      await ok("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], dir());
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const ls = await ok("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], dir());
      const copies = [...new Set(ls.split("\n").filter((line) => line.includes("node_modules/@pulumi/pulumi")))];
      expect(copies).toEqual([join(dir(), "node_modules/@pulumi/pulumi")]);
      const installed = JSON.parse(readFileSync(join(dir(), "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string };
      expect(installed.version).toBe(sdk);
      expect(readdirSync(join(dir(), "node_modules", manifest.name))).not.toContain("node_modules");
      results.push(`  ${layout}-${sdk} (Node ${node}): npm install ${seconds} s; ${(await ok("npm", ["ls", "@pulumi/pulumi", "--all"], dir())).trim().split("\n").slice(1).join(" | ")}`);
      const base = { ...process.env, SEEDANCE_API_KEY: API_KEY };
      const pulumiBase = await pulumiEnv({ stateDir: join(dir(), ".state"), passphrase: "fixture", base });
      env = { ...pulumiBase, PATH: [cliBin, node === "22" ? node22Bin : resolve(repoRoot, "node_modules/.bin"), process.env["PATH"]].join(":") };
      expect((await ok("node", ["--version"], dir(), env)).trim()).toMatch(node === "22" ? /^v22\./ : /^v24\./);
    });

    it.runIf(layout !== "js")("passes tsc --noEmit (TypeScript 5) with its own tsconfig", async () => {
      const tsc = await run("npx", ["tsc", "--noEmit", "--pretty", "false"], dir(), env);
      expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
      if (layout === "ts") {
        const legacy = await run("npx", ["tsc", "--noEmit", "--pretty", "false", "-p", "tsconfig.2024.json"], dir(), env);
        expect(legacy.code, legacy.stdout + legacy.stderr).toBe(0);
      }
    });

    it("previews, ups, ups again with no changes, and destroys with the real Pulumi CLI", async () => {
      for (const args of [["stack", "init", "fixture"], ["config", "set", "seedance:gateway", "anyfast"], ["config", "set", "seedance:baseUrl", emulator.gatewayUrl("anyfast")], ["config", "set", "seedance:pollIntervalSeconds", "0.1"]]) {
        const step = await run("pulumi", [...args, ...(args[0] === "stack" ? [] : ["--stack", "fixture"]), "--non-interactive"], dir(), env);
        expect(step.code, step.stdout + step.stderr).toBe(0);
      }
      const preview = await pulumi("preview");
      expect(preview.code, preview.stdout + preview.stderr).toBe(0);
      expect(preview.stdout).toMatch(/\+ 3 to create/);
      const up = await pulumi("up", "--yes", "--skip-preview");
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(up.stdout).toMatch(/\+ 3 created/);
      const outputs = JSON.parse((await pulumi("stack", "output", "--json")).stdout) as { references: Record<string, string> };
      expect(outputs.references["posters/poster"]).toMatch(/^asset:\/\/asset-/);
      // What the state holds per resource: the provider as one require line of the installed package, and the
      // program's own line (not the package's code) as where the resource was declared.
      const state = JSON.parse((await pulumi("stack", "export")).stdout) as { deployment: { resources: { type: string; inputs: { __provider?: string }; sourcePosition?: string; stackTrace?: { sourcePosition?: string }[] }[] } };
      const dynamic = state.deployment.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/seedance:"));
      expect(dynamic).toHaveLength(2);
      for (const r of dynamic) {
        expect(r.inputs.__provider).toMatch(/^exports\.handler = \(\) => require\("pulumi-seedance-assets\/provider\/resources\/dynamic\/asset(-group)?"\);$/);
        expect(r.sourcePosition, JSON.stringify(r)).toMatch(/^project:\/\/\/index\.m?[jt]s#\d+,\d+$/);
        expect(r.stackTrace?.[0]?.sourcePosition).toBe(r.sourcePosition);
        for (const frame of r.stackTrace ?? []) expect(frame.sourcePosition, JSON.stringify(r)).toMatch(/^project:\/\/\/index\.m?[jt]s#/);
      }
      const again = await pulumi("up", "--yes", "--expect-no-changes");
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toMatch(/3 unchanged/);
      if (layout === "js") {
        // An expected configuration error, as a user sees it: the key, the variable, the fix; no stack trace.
        const withoutKey = Object.fromEntries(Object.entries(env).filter(([k]) => k !== "SEEDANCE_API_KEY"));
        const refresh = await run("pulumi", ["refresh", "--yes", "--skip-preview", "--stack", "fixture", "--non-interactive"], dir(), withoutKey);
        const printed = refresh.stdout + refresh.stderr;
        expect(refresh.code, printed).not.toBe(0);
        expect(printed).toContain("seedance:apiKey is not set: anyfast authenticates with a Bearer API key");
        expect(printed).toContain("pulumi config set --secret seedance:apiKey <value>`, or set the environment variable SEEDANCE_API_KEY");
        expect(printed).not.toMatch(/^\s+at .*(pulumi-seedance-assets|\.ts:\d+)/m);
        results.push(`  ${layout}-${sdk}: refresh without SEEDANCE_API_KEY printed:\n${printed.split("\n").filter((l) => /apiKey|error/i.test(l)).map((l) => `      ${l}`).join("\n")}`);
      }
      const destroy = await pulumi("destroy", "--yes", "--skip-preview");
      expect(destroy.code, destroy.stdout + destroy.stderr).toBe(0);
      expect(destroy.stdout).toMatch(/- 3 deleted/);
      await pulumi("stack", "rm", "--yes");
    });
  });
});

describe("the installed bin", () => {
  it("npx seedance-assets --help names the package's commands, not this repository's npm scripts", async () => {
    const dir = join(root, `js-${NEWEST_PULUMI}`);
    const help = await ok("npx", ["--no-install", "seedance-assets", "--help"], dir);
    expect(help).toMatch(/Usage: seedance-assets <command>/);
    for (const command of ["emulator", "export", "verify"]) expect(help).toMatch(new RegExp(`^  ${command} `, "m"));
    const exportHelp = await ok("npx", ["--no-install", "seedance-assets", "export", "--help"], dir);
    const emulatorHelp = await ok("npx", ["--no-install", "seedance-assets", "emulator", "--help"], dir);
    for (const text of [help, exportHelp, emulatorHelp]) expect(text).not.toMatch(/npm run /);
    const verify = await run("npx", ["--no-install", "seedance-assets", "verify", "--gateway", "anyfast"], dir);
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain("npm install --save-dev @pact-foundation/pact@17");
  });
});
