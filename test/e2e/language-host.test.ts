/**
 * The Go tests of our minimal Pulumi language host (tools/pulumi-language-nodejs), run with `npm test` so CI checks
 * them too. They live in the e2e project because, like the CLI build, they need Go; with Go's caches warm they take
 * about a second.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { repoRoot } from "../../scripts/pulumi-env.mts";

const run = promisify(execFile);

it("go test ./... passes for tools/pulumi-language-nodejs", async () => {
  const { stdout } = await run("go", ["test", "./..."], {
    cwd: resolve(repoRoot, "tools/pulumi-language-nodejs"),
    env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: process.env["GOTOOLCHAIN"] ?? "auto" },
    maxBuffer: 16 * 1024 * 1024,
  });
  expect(stdout).toMatch(/^ok\s+pulumi-seedance-assets\/tools\/pulumi-language-nodejs/m);
}, 600_000);
