/**
 * `npm run demo` as a person runs it: one command, offline, exit code 0, every asset:// reference printed, and a
 * second `pulumi up` that makes no API call.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { expect, it } from "vitest";
import { repoRoot } from "../../scripts/pulumi-env.mts";

it("npm run demo creates the library, prints its references, and a second up changes nothing", async () => {
  const { code, output } = await new Promise<{ code: number; output: string }>((done) => {
    execFile(process.execPath, [resolve(repoRoot, "scripts/demo.mts"), "--processing-ms", "300"], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      done({ code: error ? 1 : 0, output: stdout + stderr });
    });
  });
  expect(code, output).toBe(0);
  for (const key of ["characters/hero", "characters/villain", "scenes/city-walk", "scenes/theme", "stock/rain", "stock/skyline"]) {
    expect(output).toMatch(new RegExp(`${key.replace("/", "\\/")}\\s+asset://asset-`));
  }
  expect(output).toMatch(/first up \([\d.]+ s\): \d+ calls\n(\s+\d+\s+(anyfast|volcengine) \w+\n)+/);
  expect(output).toMatch(/second up \([\d.]+ s\): 0 calls/);
  expect(output).toMatch(/Done in [\d.]+ s\./);
});
