/**
 * The pull-request review end to end, as a CI job runs it: a library committed in a git repository and deployed with
 * the real Pulumi CLI; a second commit renames one asset, replaces one file, deletes one asset and adds one;
 * `pulumi preview --json` → `seedance-assets review` names exactly those four changes, their reasons and the
 * thumbnail links at the base and head commits. Then deletion safety: `protect` blocks a reviewed-out delete, and a
 * removed group goes in one DeleteAssetGroup (its assets are `deletedWith` it).
 *
 * Set SEEDANCE_REVIEW_CAPTURE_DIR to keep the preview JSON and the rendered Markdown (used to refresh the golden
 * files of test/unit/review.test.ts).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as review } from "../../cli/commands/review.js";
import { makeSample } from "../../emulator/samples.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { E2EStack } from "./support/stack.js";

const API_KEY = `e2e-review-key-${process.pid}`;
const LINKS = "https://git.example.com/acme/library/raw/{sha}/{path}";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "e2e", GIT_AUTHOR_EMAIL: "e2e@example.com", GIT_COMMITTER_NAME: "e2e", GIT_COMMITTER_EMAIL: "e2e@example.com" } }).trim();
}

/** Writes a library of one group `chars` with these asset lines, commits it with the media, and returns the commit. */
function commitLibrary(stack: E2EStack, message: string, assets: string[]): string {
  stack.writeLibrary(["groups:", "  chars:", "    description: Characters", "    assets:", ...assets, ""].join("\n"));
  git(stack.project, "add", "-A");
  git(stack.project, "commit", "-q", "-m", message);
  return git(stack.project, "rev-parse", "HEAD");
}

/**
 * Runs what the CI template runs: `pulumi stack export`, `pulumi preview --json` (whose exit code a failed preview
 * makes non-zero), then the review command (in-process); returns the exit codes and the Markdown.
 */
async function runReview(stack: E2EStack, extra: string[]): Promise<{ previewCode: number; code: number; markdown: string; previewPath: string; statePath: string }> {
  const statePath = join(stack.dir, "state.json");
  writeFileSync(statePath, await stack.ok("stack", "export"));
  const preview = await stack.run("preview", "--json", "--non-interactive");
  const previewPath = join(stack.dir, "preview.json");
  const out = join(stack.dir, "review.md");
  writeFileSync(previewPath, preview.stdout);
  const code = await review([previewPath, "--state", statePath, "--out", out, "--project-dir", stack.project, "--stack", stack.stack, "--detailed-exitcode", ...extra], {});
  return { previewCode: preview.code, code, markdown: readFileSync(out, "utf8"), previewPath, statePath };
}

describe("a pull-request review of a library change", () => {
  let emulator: EmulatorHandle;
  let stack: E2EStack;

  beforeAll(async () => {
    emulator = await startEmulator({ processingMs: 100, apiKeys: [API_KEY] });
    stack = await E2EStack.create(
      "review",
      { "seedance:gateway": "anyfast", "seedance:baseUrl": emulator.gatewayUrl("anyfast"), "seedance:pollIntervalSeconds": "0.1" },
      { "seedance:apiKey": API_KEY },
    );
    git(stack.project, "init", "-q", "-b", "main");
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("names exactly the four changes, with reasons and thumbnails at the base and head commits", async () => {
    stack.writeFile("media/hero.png", makeSample("png", { width: 640, height: 480 }).data);
    stack.writeFile("media/keep.png", makeSample("png", { width: 500, height: 500 }).data);
    const base = commitLibrary(stack, "library", [
      "      hero: { type: Image, file: media/hero.png }",
      "      keep: { type: Image, file: media/keep.png }",
      "      web: { type: Image, url: https://example.com/review/web.jpg }",
      "      gone: { type: Image, url: https://example.com/review/gone.jpg }",
    ]);
    const up = await stack.up();
    expect(up.code, up.stdout + up.stderr).toBe(0);

    // The pull request: rename web, new content for hero, delete gone, add fresh.
    stack.writeFile("media/hero.png", makeSample("png", { width: 800, height: 600 }).data);
    stack.writeFile("media/fresh.png", makeSample("png", { width: 720, height: 720 }).data);
    const head = commitLibrary(stack, "change", [
      "      hero: { type: Image, file: media/hero.png }",
      "      keep: { type: Image, file: media/keep.png }",
      "      web: { type: Image, name: web-v2, url: https://example.com/review/web.jpg }",
      "      fresh: { type: Image, file: media/fresh.png }",
    ]);

    const { previewCode, code, markdown, previewPath, statePath } = await runReview(stack, ["--base", base, "--head", head, "--link-template", LINKS]);
    const capture = process.env["SEEDANCE_REVIEW_CAPTURE_DIR"];
    if (capture) {
      mkdirSync(capture, { recursive: true });
      copyFileSync(previewPath, join(capture, "preview.json"));
      copyFileSync(statePath, join(capture, "state.json"));
      writeFileSync(join(capture, "review.md"), markdown);
    }
    expect(previewCode).toBe(0);
    expect(code).toBe(2);
    expect(markdown).toContain("### Seedance asset library: 4 changes");
    expect(markdown).toContain("**1** to create · **1** to rename · **1** to replace · **1** to delete");
    const rows = markdown.split("\n").filter((line) => line.startsWith("| `"));
    const assetRows = rows.filter((line) => /^\| `[+~-]+` \|/.test(line));
    expect(assetRows.map((r) => r.split("|")[2]!.trim())).toEqual(["`fresh`", "`gone`", "`hero`", "`web`"]);
    expect(markdown).toMatch(/\| `\+` \| `fresh` \| create \(Image\) \| `fresh` from `media\/fresh.png`/);
    expect(markdown).toMatch(/\| `-` \| `gone` \| delete \(Image\) \| `gone` \(`asset-\d{14}-[a-z0-9]{5}`\)/);
    expect(markdown).toMatch(/\| `\+-` \| `hero` \| replace \(Image\) \| because `source` changed: `media\/hero.png` \(sha256 [0-9a-f]{12}\) → `media\/hero.png` \(sha256 [0-9a-f]{12}\)/);
    expect(markdown).toContain("| `~` | `web` | rename (Image) | `web` → `web-v2`, in place");
    expect(markdown).not.toContain("`keep`");
    // Thumbnails: hero before at the base commit, hero and fresh after at the head commit, with measured sizes.
    const link = (sha: string, path: string) => LINKS.replace("{sha}", sha).replace("{path}", path);
    expect(markdown).toContain(`<img src="${link(base, "media/hero.png")}" width="160" alt="media/hero.png"><br>[\`media/hero.png\`](${link(base, "media/hero.png")})<br>PNG · 640×480`);
    expect(markdown).toContain(`<img src="${link(head, "media/hero.png")}" width="160" alt="media/hero.png"><br>[\`media/hero.png\`](${link(head, "media/hero.png")})<br>PNG · 800×600`);
    expect(markdown).toContain(`<img src="${link(head, "media/fresh.png")}"`);
    expect(markdown).toContain("Quota (anyfast, Advanced tier (the gateway's default)): assets 4 → 4 of 1000000, groups 1 → 1 of 1000000.");
    expect(markdown).toContain("#### Group `chars` (4 → 4 assets)");
    expect(markdown).toContain("> [!WARNING]");
    console.log(`The rendered review:\n${markdown}`);

    const applied = await stack.up();
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = await runReview(stack, ["--no-media"]);
    expect(after.code).toBe(0);
    expect(after.markdown).toContain("### Seedance asset library: no changes");
  });

  it("a protected asset cannot be deleted by removing its entry; a removed group is one DeleteAssetGroup", async () => {
    const library = (assets: string[]) => ["groups:", "  chars:", "    assets:", ...assets, ""].join("\n");
    stack.writeLibrary(library(["      hero: { type: Image, file: media/hero.png, protect: true }", "      web: { type: Image, url: https://example.com/review/web.jpg }"]));
    const protect = await stack.up();
    expect(protect.code, protect.stdout + protect.stderr).toBe(0);

    stack.writeLibrary(library(["      web: { type: Image, url: https://example.com/review/web.jpg }"]));
    // Pulumi's preview itself fails on a protected delete; the review says so and why, and exits 1.
    const { previewCode, code, markdown } = await runReview(stack, ["--no-media"]);
    expect(previewCode).not.toBe(0);
    expect(code).toBe(1);
    expect(markdown).toContain("**The preview failed**");
    expect(markdown).toMatch(/`chars\/hero`: Preview failed: resource "…" cannot be deleted because it is protected/);
    expect(markdown).toContain("> [!IMPORTANT]");
    expect(markdown).toContain("`chars/hero` (delete)");
    const blocked = await stack.up();
    expect(blocked.code).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toMatch(/protect/i);
    expect(emulator.admin.snapshot({ gateway: "anyfast" }).assets.map((a) => a.Name).sort()).toEqual(["hero", "web"]);

    // Unprotect in a reviewed change, then remove the whole group: one DeleteAssetGroup, no DeleteAsset.
    stack.writeLibrary(library(["      hero: { type: Image, file: media/hero.png }", "      web: { type: Image, url: https://example.com/review/web.jpg }"]));
    expect((await stack.up()).code).toBe(0);
    stack.writeLibrary("groups: {}\n");
    const removal = await runReview(stack, ["--no-media"]);
    expect(removal.markdown).toContain("> [!CAUTION]");
    expect(removal.markdown).toContain("**Group `chars` will be deleted.** DeleteAssetGroup deletes every asset in the group on the gateway, irreversibly (2 assets in this stack)");
    expect(removal.markdown).toContain("assets 2 → 0 of 1000000, groups 1 → 0 of 1000000");
    const before = emulator.requests.length;
    const removed = await stack.up();
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    const actions = emulator.requests.slice(before).map((r) => r.action).filter((a) => a?.startsWith("Delete"));
    expect(actions).toEqual(["DeleteAssetGroup"]);
    expect(emulator.admin.snapshot({ gateway: "anyfast" }).assets).toEqual([]);
  });
});
