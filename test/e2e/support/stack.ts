/**
 * A throwaway Pulumi stack of a program (default test/e2e/fixtures/library) for the e2e tests: copied below the repository
 * root (so the program finds this package by self-reference), a file backend of its own, and the real CLI in the
 * offline environment of scripts/pulumi-env.mts. Each step writes library.yaml and runs the CLI.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pulumiEnv, repoRoot } from "../../../scripts/pulumi-env.mts";

/** What a CLI run printed, and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** One step of a `pulumi preview --json`. */
export interface PreviewStep {
  op: string;
  urn: string;
}

export class E2EStack {
  readonly dir: string;
  readonly stack = "e2e";
  readonly #env: Record<string, string>;

  private constructor(dir: string, env: Record<string, string>) {
    this.dir = dir;
    this.#env = env;
  }

  /**
   * A new stack with `config` (plain) and `secrets` set under their full keys (`seedance:apiKey`, …); `env` is added
   * to the CLI's environment, which the dynamic provider process inherits (credentials from the environment).
   * `program` is the directory to copy (relative to the repository root). Builds the CLI on a cold cache (minutes).
   */
  static async create(
    name: string,
    config: Record<string, string>,
    secrets: Record<string, string>,
    env: Record<string, string> = {},
    program = "test/e2e/fixtures/library",
  ): Promise<E2EStack> {
    const dir = resolve(repoRoot, ".pulumi/e2e", `${name}-${process.pid}-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    cpSync(resolve(repoRoot, program), join(dir, "project"), { recursive: true, filter: (source) => !/Pulumi\.[^/]+\.yaml$/.test(source) });
    const stack = new E2EStack(dir, { ...(await pulumiEnv({ stateDir: join(dir, "state"), passphrase: "e2e" })), ...env });
    try {
      await stack.ok("stack", "init", "--non-interactive");
      await stack.setConfig(config, secrets);
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    return stack;
  }

  /** The copied program's directory (the Pulumi project directory). */
  get project(): string {
    return join(this.dir, "project");
  }

  async setConfig(config: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
    const args = ["config", "set-all", "--path"];
    for (const [k, v] of Object.entries(config)) args.push("--plaintext", `${k}=${v}`);
    for (const [k, v] of Object.entries(secrets)) args.push("--secret", `${k}=${v}`);
    await this.ok(...args);
  }

  /** Runs the CLI in the project; never throws for a non-zero exit. */
  run(...args: string[]): Promise<RunResult> {
    const started = performance.now();
    return new Promise((resolveRun) => {
      execFile("pulumi", [...args, "--stack", this.stack], { cwd: this.project, env: this.#env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
        if (process.env["E2E_VERBOSE"]) console.log(`pulumi ${args.join(" ")} → ${code} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        resolveRun({ code, stdout, stderr });
      });
    });
  }

  /** Runs the CLI and returns stdout; a failure's message carries everything the CLI printed. */
  async ok(...args: string[]): Promise<string> {
    const result = await this.run(...args);
    if (result.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  writeLibrary(yaml: string): void {
    writeFileSync(join(this.project, "library.yaml"), yaml);
  }

  writeFile(path: string, data: Uint8Array): void {
    const target = join(this.project, path);
    mkdirSync(resolve(target, ".."), { recursive: true });
    writeFileSync(target, data);
  }

  up(...extra: string[]): Promise<RunResult> {
    return this.run("up", "--yes", "--skip-preview", "--non-interactive", ...extra);
  }

  /** The steps a preview plans, by resource name (the last URN segment), e.g. `{ "e2e/pic": ["update"] }`. */
  async plan(): Promise<Record<string, string[]>> {
    const preview = JSON.parse(await this.ok("preview", "--json", "--non-interactive")) as { steps?: PreviewStep[] };
    const plan: Record<string, string[]> = {};
    for (const step of preview.steps ?? []) {
      const name = step.urn.split("::").pop()!;
      (plan[name] ??= []).push(step.op);
    }
    return plan;
  }

  async outputs(): Promise<Record<string, Record<string, string>>> {
    return JSON.parse(await this.ok("stack", "output", "--json", "--show-secrets")) as Record<string, Record<string, string>>;
  }

  /** The whole state, secrets decrypted, as text. */
  exportState(): Promise<string> {
    return this.ok("stack", "export", "--show-secrets");
  }

  /** Destroys what is left, removes the stack and its directory. */
  async dispose(): Promise<void> {
    await this.run("destroy", "--yes", "--non-interactive").catch(() => undefined);
    await this.run("stack", "rm", "--yes", "--force").catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
