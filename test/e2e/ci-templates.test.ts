/**
 * The CI templates of examples/ci, exercised locally: every command the GitHub Actions and GitLab CI templates run is
 * one of the scripts of examples/ci/scripts or a `seedance-assets` command, and each script runs here, as the
 * templates run it, against the emulator with the real Pulumi CLI, in a throwaway git repository laid out as the
 * templates expect (library/ = the Pulumi project, ci/ = the scripts):
 * deploy (merge) → review + comment (pull request; the comment is updated in place on GitHub's and GitLab's APIs,
 * stood in for by a local HTTP server) → drift check (nightly: clean, then a rename made outside the stack is caught
 * and nothing is changed) → live verification (nightly, against the emulator) → the emulator review stack.
 */
import { execFile, execFileSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../cli/seedance-assets.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { pulumiEnv, repoRoot } from "../../scripts/pulumi-env.mts";

const CI = resolve(repoRoot, "examples/ci");
const SCRIPTS = ["deploy.sh", "drift-check.sh", "review-stack.sh", "review.sh", "verify-live.sh"];
const API_KEY = `e2e-ci-key-${process.pid}`;

/** Every shell command line of a template: GitHub `run:` blocks, GitLab `script:`/`before_script:` entries. */
function commandsOf(file: string): string[] {
  const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const lines: string[] = [];
  const take = (value: unknown) => {
    for (const entry of Array.isArray(value) ? value : [value]) if (typeof entry === "string") lines.push(...entry.split("\n"));
  };
  const jobs = (doc["jobs"] ?? doc) as Record<string, Record<string, unknown>>;
  for (const job of Object.values(jobs)) {
    if (!job || typeof job !== "object") continue;
    for (const step of (job["steps"] as Record<string, unknown>[] | undefined) ?? []) take(step["run"]);
    take(job["script"]);
    take(job["before_script"]);
  }
  return lines.map((l) => l.trim()).filter(Boolean);
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "ci", GIT_AUTHOR_EMAIL: "ci@example.com", GIT_COMMITTER_NAME: "ci", GIT_COMMITTER_EMAIL: "ci@example.com" } }).trim();
}

/** A stand-in for GitHub's and GitLab's comment APIs: an in-memory list of comments per pull/merge request. */
function fakeCommentApi(): Promise<{ server: Server; url: string; comments: Map<string, { id: number; body: string }[]>; auth: string[] }> {
  const comments = new Map<string, { id: number; body: string }[]>();
  const auth: string[] = [];
  let next = 100;
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      auth.push(String(req.headers["authorization"] ?? req.headers["private-token"] ?? ""));
      const path = new URL(req.url!, "http://x").pathname;
      const list = path.match(/^\/(?:repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments|projects\/[^/]+\/merge_requests\/(\d+)\/notes)$/);
      const one = path.match(/^\/(?:repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)|projects\/[^/]+\/merge_requests\/\d+\/notes\/(\d+))$/);
      const send = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      if (list) {
        const key = path;
        const items = comments.get(key) ?? [];
        if (req.method === "GET") return send(200, items);
        if (req.method === "POST") {
          const item = { id: next++, body: (JSON.parse(body) as { body: string }).body };
          comments.set(key, [...items, item]);
          return send(201, item);
        }
      }
      if (one && (req.method === "PATCH" || req.method === "PUT")) {
        const id = Number(one[1] ?? one[2]);
        for (const items of comments.values()) {
          const item = items.find((c) => c.id === id);
          if (item) {
            item.body = (JSON.parse(body) as { body: string }).body;
            return send(200, item);
          }
        }
      }
      send(404, { message: "Not Found" });
    });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, comments, auth })));
}

describe("the CI templates", () => {
  it("run only the tested scripts and existing seedance-assets commands, on both GitHub Actions and GitLab CI", () => {
    expect(readdirSync(join(CI, "scripts")).sort()).toEqual(SCRIPTS);
    const templates = { github: ["github/pull-request.yml", "github/deploy.yml", "github/nightly.yml"], gitlab: ["gitlab/.gitlab-ci.yml"] };
    for (const [host, files] of Object.entries(templates)) {
      const commands = files.flatMap((f) => commandsOf(join(CI, f)));
      const scripts = new Set(commands.flatMap((c) => [...c.matchAll(/bash ci\/([\w-]+\.sh)/g)].map((m) => m[1]!)));
      expect([...scripts].sort(), host).toEqual(SCRIPTS);
      for (const c of commands) for (const m of c.matchAll(/seedance-assets (\w+)/g)) expect(Object.keys(COMMANDS), `${host}: ${c}`).toContain(m[1]);
      // Credentials come from the secret store, never from a file in the repository.
      const text = files.map((f) => readFileSync(join(CI, f), "utf8")).join("\n");
      expect(text).not.toMatch(/(API_KEY|SECRET_ACCESS_KEY|PASSPHRASE|TOKEN):\s*["']?[A-Za-z0-9]{8,}/);
    }
  });

  describe("their scripts, run locally against the emulator", () => {
    let emulator: EmulatorHandle;
    let api: Awaited<ReturnType<typeof fakeCommentApi>>;
    let dir: string;
    let repo: string;
    let env: Record<string, string>;
    const STACK = "production";

    /** Runs a script of ci/ (or any command) in the repository, as a CI job's shell would. */
    const sh = (command: string, extra: Record<string, string> = {}) =>
      new Promise<{ code: number; output: string }>((ok) =>
        execFile("bash", ["-c", command], { cwd: repo, env: { ...env, ...extra }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
          ok({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
        ),
      );
    const pulumi = (...args: string[]) => sh(`cd library && pulumi ${args.map((a) => `'${a}'`).join(" ")}`);
    const library = (assets: string[]) => ["groups:", "  chars:", "    description: Characters", "    assets:", ...assets, ""].join("\n");

    beforeAll(async () => {
      emulator = await startEmulator({ processingMs: 100, apiKeys: [API_KEY] });
      api = await fakeCommentApi();
      dir = resolve(repoRoot, ".pulumi/e2e", `ci-${process.pid}-${Date.now()}`);
      repo = join(dir, "repo");
      mkdirSync(join(repo, "library"), { recursive: true });
      // The layout the templates expect: the Pulumi project in library/, the scripts in ci/.
      cpSync(resolve(repoRoot, "test/e2e/fixtures/library"), join(repo, "library"), { recursive: true, filter: (s) => !/Pulumi\.[^/]+\.yaml$/.test(s) });
      cpSync(join(CI, "scripts"), join(repo, "ci"), { recursive: true });
      // `seedance-assets` as the package's bin puts it on PATH (node_modules/.bin in a user's project).
      const bin = join(dir, "bin");
      mkdirSync(bin);
      writeFileSync(join(bin, "seedance-assets"), `#!/usr/bin/env bash\nexec node ${JSON.stringify(resolve(repoRoot, "dist/cli/seedance-assets.js"))} "$@"\n`);
      chmodSync(join(bin, "seedance-assets"), 0o755);
      const base = await pulumiEnv({ stateDir: join(dir, "state"), passphrase: "ci" });
      env = { ...base, PATH: `${bin}:${base.PATH}`, STACK, PROJECT_DIR: "library", SEEDANCE_API_KEY: API_KEY, CI: "true" };
      writeFileSync(join(repo, "library/library.yaml"), library(["      hero: { type: Image, url: https://example.com/ci/hero.png }", "      web: { type: Image, url: https://example.com/ci/web.jpg }"]));
      writeFileSync(join(repo, ".gitignore"), ".seedance-ci/\nlibrary/Pulumi.*.yaml\n");
      git(repo, "init", "-q", "-b", "main");
      git(repo, "add", "-A");
      git(repo, "commit", "-q", "-m", "library");
      expect((await pulumi("stack", "init", STACK, "--non-interactive")).code).toBe(0);
      const config = await pulumi("config", "set-all", "--stack", STACK, "--plaintext", "seedance:gateway=anyfast", "--plaintext", `seedance:baseUrl=${emulator.gatewayUrl("anyfast")}`, "--plaintext", "seedance:pollIntervalSeconds=0.1");
      expect(config.code, config.output).toBe(0);
    });

    afterAll(async () => {
      await pulumi("destroy", "--yes", "--non-interactive", "--stack", STACK).catch(() => undefined);
      await new Promise((ok) => api?.server.close(ok));
      await emulator?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("deploy.sh (merge to main) makes the remote library the declared one", async () => {
      const deploy = await sh("bash ci/deploy.sh");
      expect(deploy.code, deploy.output).toBe(0);
      expect(emulator.admin.snapshot({ gateway: "anyfast" }).assets.map((a) => a.Name).sort()).toEqual(["hero", "web"]);
    });

    it("review.sh (pull request) writes the review; `seedance-assets comment` posts it and then updates it in place", async () => {
      const base = git(repo, "rev-parse", "HEAD");
      writeFileSync(join(repo, "library/library.yaml"), library(["      hero: { type: Image, name: hero-v2, url: https://example.com/ci/hero.png }", "      web: { type: Image, url: https://example.com/ci/web.jpg }", "      fresh: { type: Video, url: https://example.com/ci/fresh.mp4 }"]));
      git(repo, "commit", "-qam", "rename hero, add fresh");
      const head = git(repo, "rev-parse", "HEAD");
      const event = join(dir, "event.json");
      writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: base }, head: { sha: head } } }));
      const github = { GITHUB_EVENT_PATH: event, GITHUB_SERVER_URL: "https://github.example.com", GITHUB_REPOSITORY: "acme/library", GITHUB_API_URL: api.url, GITHUB_TOKEN: "gh-token-e2e" };

      const review = await sh("bash ci/review.sh", github);
      expect(review.code, review.output).toBe(2);
      const markdown = readFileSync(join(repo, ".seedance-ci/review.md"), "utf8");
      expect(markdown).toContain("**1** to create · **1** to rename — stack `production`, gateway `anyfast`");
      expect(markdown).toContain("| `~` | `hero` | rename (Image) | `hero` → `hero-v2`");
      expect(markdown).toContain("Quota (anyfast, Advanced tier (the gateway's default)): assets 2 → 3 of 1000000, groups 1 → 1 of 1000000.");

      const first = await sh("seedance-assets comment .seedance-ci/review.md", github);
      expect(first.code, first.output).toBe(0);
      expect(first.output).toContain("review comment created");
      const second = await sh("seedance-assets comment .seedance-ci/review.md", github);
      expect(second.output).toContain("review comment updated");
      expect(api.comments.get("/repos/acme/library/issues/7/comments")).toHaveLength(1);

      const gitlab = { GITLAB_CI: "true", CI_API_V4_URL: api.url, CI_PROJECT_ID: "42", CI_MERGE_REQUEST_IID: "3", GITLAB_TOKEN: "gl-token-e2e", CI_MERGE_REQUEST_DIFF_BASE_SHA: base, CI_COMMIT_SHA: head, CI_PROJECT_URL: "https://gitlab.example.com/acme/library" };
      expect((await sh("bash ci/review.sh", gitlab)).code).toBe(2);
      expect((await sh("seedance-assets comment .seedance-ci/review.md", gitlab)).output).toContain("created");
      expect((await sh("seedance-assets comment .seedance-ci/review.md", gitlab)).output).toContain("updated");
      expect(api.comments.get("/projects/42/merge_requests/3/notes")).toHaveLength(1);
      expect(api.auth).toContain("Bearer gh-token-e2e");
      expect(api.auth).toContain("gl-token-e2e");

      // Merged: deploy, and the next review has nothing to say.
      expect((await sh("bash ci/deploy.sh")).code).toBe(0);
      const after = await sh("bash ci/review.sh", github);
      expect(after.code, after.output).toBe(0);
      expect(readFileSync(join(repo, ".seedance-ci/review.md"), "utf8")).toContain("no changes");
    });

    it("drift-check.sh (nightly) passes on a clean stack, catches a rename made outside the stack, and changes nothing", async () => {
      const clean = await sh("bash ci/drift-check.sh");
      expect(clean.code, clean.output).toBe(0);
      const fresh = emulator.admin.snapshot({ gateway: "anyfast" }).assets.find((a) => a.Name === "fresh")!;
      const before = (await pulumi("stack", "export", "--stack", STACK)).output;
      const found = emulator.store.findAsset(fresh.Id)!;
      emulator.store.putAsset(found.ns, { ...found.row, Name: "renamed-in-console" });
      const drift = await sh("bash ci/drift-check.sh");
      expect(drift.code).not.toBe(0);
      expect(drift.output).toMatch(/chars\/fresh/);
      expect((await pulumi("stack", "export", "--stack", STACK)).output).toBe(before);
      expect(emulator.admin.snapshot({ gateway: "anyfast" }).assets.find((a) => a.Id === fresh.Id)!.Name).toBe("renamed-in-console");
    });

    it("verify-live.sh (nightly, non-gating) verifies a gateway against its pact and keeps the report", async () => {
      const verify = await sh("bash ci/verify-live.sh", { GATEWAY: "anyfast", BASE_URL: emulator.gatewayUrl("anyfast"), ANYFAST_API_KEY: API_KEY });
      const report = readFileSync(join(repo, ".seedance-ci/verify-anyfast.md"), "utf8");
      expect(verify.code, `${verify.output}\n${report}`).toBe(0);
      expect(report).toMatch(/anyfast/i);
      expect(report).not.toContain(API_KEY);
    });

    it("review-stack.sh (pull request) deploys and destroys the library on its own emulator", async () => {
      const port = String(20000 + (process.pid % 20000));
      const result = await sh("bash ci/review-stack.sh", { EMULATOR_PORT: port });
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/\+ \d+ created/);
      expect(existsSync(join(repo, "library/Pulumi.review-emulator.yaml"))).toBe(false);
    });
  });
});
