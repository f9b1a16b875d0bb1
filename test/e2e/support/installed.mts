/**
 * A Pulumi project that uses this package the way users do: installed under its own `node_modules`, not found by
 * self-reference. The project gets a `package.json` of its own (which ends the self-reference from the repository's
 * package.json) and real copies of `pulumi-seedance-assets` (package.json + dist/) and `@pulumi/pulumi` in its
 * `node_modules`, laid out as `npm install` hoists them; every other dependency is found up the directory chain in the
 * repository's `node_modules`, so the project must lie below the repository root (e.g. in `.pulumi/`).
 *
 * Copies, not symlinks, as `npm install` lays them out; a linked package (`npm link`, workspaces) gets the same
 * by-reference provider (provider/resources/provider.ts `resolvesToThisModule`;
 * test/integration/resources-serialization.test.ts).
 */
import { cpSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { repoRoot } from "../../../scripts/pulumi-env.mts";

/**
 * Installs copies of the built package and of @pulumi/pulumi into `<projectDir>/node_modules` and writes a minimal
 * `package.json` there (kept if one exists).
 * @throws Error when dist/ is missing (run `npm run build`) or the project is outside the repository.
 */
export function installPackageCopy(projectDir: string): void {
  const project = resolve(projectDir);
  if (relative(repoRoot, project).startsWith("..")) throw new Error(`${project} must lie below ${repoRoot} (its other dependencies come from the repository's node_modules).`);
  if (!existsSync(join(repoRoot, "dist/provider/index.js"))) throw new Error("dist/ is missing: run `npm run build` first.");
  const packageJson = join(project, "package.json");
  if (!existsSync(packageJson)) writeFileSync(packageJson, `${JSON.stringify({ name: "seedance-installed-project", private: true }, null, 2)}\n`);
  const target = join(project, "node_modules/pulumi-seedance-assets");
  mkdirSync(target, { recursive: true });
  cpSync(join(repoRoot, "package.json"), join(target, "package.json"));
  cpSync(join(repoRoot, "dist"), join(target, "dist"), { recursive: true });
  cpSync(join(repoRoot, "node_modules/@pulumi/pulumi"), join(project, "node_modules/@pulumi/pulumi"), { recursive: true });
}
