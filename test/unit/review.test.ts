/**
 * The pull-request review: golden Markdown for previews captured from the real Pulumi CLI (test/e2e/review.test.ts
 * with SEEDANCE_REVIEW_CAPTURE_DIR; `__provider` code and stack traces removed), and the rules of the plan.
 * Golden files: test/unit/fixtures/review/*.md (`vitest -u` rewrites them after an intended change; review the diff).
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ciCommits, ciLinkTemplate, quotaOf, run } from "../../cli/commands/review.js";
import type { MediaResolver } from "../../cli/review/media.js";
import { hasChanges, planReview, type PreviewDocument, type StateDocument } from "../../cli/review/plan.js";
import { REVIEW_MARKER, renderReview } from "../../cli/review/render.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";

const fixtures = join(repoRoot, "test/unit/fixtures/review");
const read = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, name), "utf8")) as T;
const fourChanges = read<PreviewDocument>("four-changes.preview.json");
const fourChangesState = read<StateDocument>("four-changes.state.json");

/** Deterministic media facts, as a git-backed resolver would find them at two commits. */
const media: MediaResolver = async (source, side) => {
  if (!source?.file) return undefined;
  const sha = side === "before" ? "base000" : "head111";
  const link = `https://git.example.com/raw/${sha}/${source.file}`;
  const width = side === "before" ? 640 : 800;
  return { path: source.file, link, probe: { category: "image", format: "png", contentType: "image/png", bytes: 2048, width, height: 480 } };
};

describe("the review of a preview", () => {
  it("renders the four changes of the e2e pull request (golden)", async () => {
    const plan = planReview(fourChanges, fourChangesState);
    expect(plan.counts).toEqual({ create: 1, rename: 1, update: 0, replace: 1, delete: 1 });
    expect(plan.totals).toEqual({ assetsBefore: 4, assetsAfter: 4, groupsBefore: 1, groupsAfter: 1 });
    const markdown = await renderReview(plan, { stack: "e2e", media, quota: { label: "byteplus, Entry tier", assets: 50, groups: 50 } });
    expect(markdown.startsWith(`${REVIEW_MARKER}\n`)).toBe(true);
    await expect(markdown).toMatchFileSnapshot(join(fixtures, "four-changes.md"));
  });

  it("reports a failed preview with its errors and what is protected (golden)", async () => {
    const plan = planReview(read<PreviewDocument>("protected-delete.preview.json"));
    expect(plan.errors).toHaveLength(1);
    const markdown = await renderReview(plan, { stack: "e2e" });
    expect(markdown).toContain("**The preview failed**");
    expect(markdown).toContain("> [!IMPORTANT]");
    await expect(markdown).toMatchFileSnapshot(join(fixtures, "protected-delete.md"));
  });

  it("says so when nothing changes, and hasChanges is false", async () => {
    const plan = planReview({ steps: [{ op: "same", urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/seedance:Asset::g/a" }] });
    expect(hasChanges(plan)).toBe(false);
    expect(await renderReview(plan)).toBe(`${REVIEW_MARKER}\n### Seedance asset library: no changes\n\nNothing to create, rename, replace or delete.\n`);
  });

  it("warns loudly when the change exceeds the tier's quota", async () => {
    const plan = planReview(fourChanges, fourChangesState);
    const markdown = await renderReview(plan, { quota: { label: "byteplus, Entry tier", assets: 3, groups: 50 } });
    expect(markdown).toContain("**4 assets exceed the quota of 3**: the gateway will refuse the creates beyond it.");
  });

  it("without the stack's state, shows what is added and removed instead of totals", async () => {
    const plan = planReview(fourChanges);
    expect(plan.totals).toBeUndefined();
    const markdown = await renderReview(plan);
    expect(markdown).toContain("Assets +1 −1, groups +0 −0 (give the stack's state");
    expect(markdown).toContain("#### Group `chars` (+1, −1 assets)");
  });

  it("merges a create-replacement/delete-replaced pair into one replace, with the provider's reasons", () => {
    const urn = "urn:pulumi:s::p::pulumi-nodejs:dynamic/seedance:Asset::g/a";
    const state = (url: string) => ({ type: "pulumi-nodejs:dynamic/seedance:Asset", inputs: { name: "a", assetType: "Image", source: { url } } });
    const plan = planReview({
      steps: [
        { op: "create-replacement", urn, oldState: { ...state("https://x/1.png"), id: "asset-1" }, newState: state("https://x/2.png"), replaceReasons: ["source"] },
        { op: "delete-replaced", urn, oldState: { ...state("https://x/1.png"), id: "asset-1" } },
      ],
    });
    expect(plan.counts.replace).toBe(1);
    expect(plan.groups[0]!.assets[0]).toMatchObject({ kind: "replace", key: "g/a", id: "asset-1", replaceReasons: ["source"], changes: [{ input: "source" }] });
  });

  it("a moved file with the same content is no change of source; a renamed-only update is a rename", () => {
    const urn = "urn:pulumi:s::p::pulumi-nodejs:dynamic/seedance:Asset::g/a";
    const before = { type: "pulumi-nodejs:dynamic/seedance:Asset", inputs: { name: "a", source: { file: "old/a.png", sha256: "ab" } } };
    const after = { type: "pulumi-nodejs:dynamic/seedance:Asset", inputs: { name: "b", source: { file: "new/a.png", sha256: "ab" } } };
    const plan = planReview({ steps: [{ op: "update", urn, oldState: before, newState: after }] });
    expect(plan.groups[0]!.assets[0]).toMatchObject({ kind: "rename", nameBefore: "a", nameAfter: "b" });
  });

  it("refuses a document that is not a preview, naming the fix", () => {
    expect(() => planReview({} as PreviewDocument)).toThrow(/has no `steps` array. Fix: run `pulumi preview --json > preview.json`/);
  });
});

describe("the review command", () => {
  const dir = mkdtempSync(join(tmpdir(), "review-cmd-"));

  it("exits 2 with --detailed-exitcode when something changes, 0 when nothing does", async () => {
    const out = join(dir, "review.md");
    expect(await run([join(fixtures, "four-changes.preview.json"), "--no-media", "--out", out, "--detailed-exitcode"], {})).toBe(2);
    expect(readFileSync(out, "utf8")).toContain("### Seedance asset library: 4 changes");
    const empty = join(dir, "empty.json");
    writeFileSync(empty, JSON.stringify({ steps: [] }));
    expect(await run([empty, "--no-media", "--out", out, "--detailed-exitcode"], {})).toBe(0);
    expect(await run([empty, "--no-media", "--out", out], {})).toBe(0);
  });

  it("exits 1 and names the fix for input that is not JSON", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "Previewing update (dev):");
    expect(await run([bad, "--no-media", "--out", join(dir, "x.md")], {})).toBe(1);
  });

  it("shows the quotas of the stack's gateway and tier, from its configuration or the environment", () => {
    expect(quotaOf({ "seedance:gateway": "byteplus", "seedance:tier": "entry" }, {})).toEqual({ label: "byteplus, Entry tier", assets: 50, groups: 50 });
    expect(quotaOf({}, { SEEDANCE_GATEWAY: "byteplus" })).toEqual({ label: "byteplus, Entry tier (the gateway's default)", assets: 50, groups: 50 });
    expect(quotaOf({ "seedance:gateway": "volcengine", "seedance:tier": "premium" }, {})).toMatchObject({ assets: 5_000_000 });
    expect(quotaOf({}, {})).toBeUndefined();
  });

  it("takes the pull request's commits and link template from GitHub Actions and GitLab CI", () => {
    const event = join(dir, "event.json");
    writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: "b1" }, head: { sha: "h2" } } }));
    expect(ciCommits({ GITHUB_EVENT_PATH: event })).toEqual({ base: "b1", head: "h2" });
    expect(ciCommits({ CI_MERGE_REQUEST_DIFF_BASE_SHA: "b3", CI_COMMIT_SHA: "h4" })).toEqual({ base: "b3", head: "h4" });
    expect(ciCommits({})).toEqual({});
    expect(ciLinkTemplate({ GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/lib" })).toBe("https://github.com/acme/lib/raw/{sha}/{path}");
    expect(ciLinkTemplate({ CI_PROJECT_URL: "https://gitlab.com/acme/lib" })).toBe("https://gitlab.com/acme/lib/-/raw/{sha}/{path}");
  });
});
