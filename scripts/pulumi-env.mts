// The one place that sets up the offline Pulumi environment for every project script and test that runs the
// real Pulumi CLI: the CLI built by tools/pulumi-cli.sh, a local file backend, and no network access.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Absolute path of the repository root. */
export const repoRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Passphrase of the local file backend's secrets provider when neither the caller nor the environment
 * (`PULUMI_CONFIG_PASSPHRASE`, `PULUMI_CONFIG_PASSPHRASE_FILE`) gives one. It only encrypts stack secrets of
 * local development and test stacks; it protects nothing of value, so it may live in the repository.
 */
export const defaultPassphrase = "seedance-local-development";

/** Options of {@link pulumiEnv}. */
export interface PulumiEnvOptions {
  /** Directory of the file backend; created if missing. Default `<repo>/.pulumi/state` (ignored by git). */
  stateDir?: string;
  /** Secrets passphrase. Default `$PULUMI_CONFIG_PASSPHRASE`, else {@link defaultPassphrase}. */
  passphrase?: string;
  /** Environment to start from. Default `process.env`. */
  base?: NodeJS.ProcessEnv;
}

/**
 * The engine parallelism (`PULUMI_PARALLEL`, the default of `--parallel`) applied when the user sets none. Pulumi's
 * default is 4 × CPUs (8 on two cores), and every Asset holds one of those slots while it waits to become Active, so
 * a large library is paced by the slots instead of the gateway's rate limit. With a slot per resource, the client's
 * rate limiter alone paces the calls; a slot costs the engine an idle goroutine. 1024 covers libraries up to ~1000
 * assets; `declareLibrary` warns with the exact setting when a library needs more.
 */
export const suggestedParallelism = 1024;

let cliBinDir: Promise<string> | undefined;

/**
 * Ensures a Pulumi CLI with the version of the installed `@pulumi/pulumi` by running `tools/pulumi-cli.sh`
 * (a cache hit takes well under a second; the first build takes minutes and shows its progress on stderr).
 * Memoized for the process.
 *
 * @returns the directory holding `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs`.
 * @throws Error with the script's exit code when it fails (for example: no CLI and no Go to build one; the
 *   script's own message, on stderr, says what to install).
 */
export function ensurePulumiCli(): Promise<string> {
  if (cliBinDir === undefined) {
    cliBinDir = new Promise<string>((resolveDir, reject) => {
      const child = spawn("bash", [resolve(repoRoot, "tools/pulumi-cli.sh")], {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.on("error", reject);
      child.on("close", (code) => {
        const dir = stdout.trim();
        if (code === 0 && dir !== "") resolveDir(dir);
        else reject(new Error(`tools/pulumi-cli.sh failed (exit code ${code}); see its message above`));
      });
    });
    // A failed attempt is not kept, so a caller may fix the cause and try again.
    cliBinDir.catch(() => (cliBinDir = undefined));
  }
  return cliBinDir;
}

/**
 * Builds the environment in which to run the Pulumi CLI (spawn's `env`), ensuring the CLI first.
 *
 * On top of `base`: `PULUMI_BACKEND_URL=file://<stateDir>` (unless `stateDir` is not given and `base` already has a
 * `PULUMI_BACKEND_URL`: the user's backend is kept), `PULUMI_CONFIG_PASSPHRASE`,
 * `PULUMI_HOME=<repo>/.pulumi/home` (credentials and plugins stay out of the user's home),
 * `PULUMI_SKIP_UPDATE_CHECK` and `PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION` (no network),
 * `PULUMI_PARALLEL=<suggestedParallelism>` unless `base` sets it (a `--parallel` flag still wins over it), and
 * `PATH=<cli bin>:<repo>/node_modules/.bin:$PATH`, so that the language host and the dynamic provider run
 * the project's Node 24 (`node` package) rather than a system node.
 *
 * @returns a complete environment; `base` is not modified.
 * @throws see {@link ensurePulumiCli}.
 */
export async function pulumiEnv(options: PulumiEnvOptions = {}): Promise<Record<string, string>> {
  const base = options.base ?? process.env;
  const binDir = await ensurePulumiCli();
  const stateDir = resolve(options.stateDir ?? resolve(repoRoot, ".pulumi/state"));
  const home = resolve(repoRoot, ".pulumi/home");
  mkdirSync(stateDir, { recursive: true });
  mkdirSync(home, { recursive: true });

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  const passphrase =
    options.passphrase ??
    base.PULUMI_CONFIG_PASSPHRASE ??
    (base.PULUMI_CONFIG_PASSPHRASE_FILE ? undefined : defaultPassphrase);
  if (passphrase !== undefined) env.PULUMI_CONFIG_PASSPHRASE = passphrase;
  // A backend the user chose (PULUMI_BACKEND_URL in the environment) is kept unless a state directory is asked for.
  const backend = options.stateDir === undefined && base.PULUMI_BACKEND_URL ? base.PULUMI_BACKEND_URL : `file://${stateDir}`;
  return {
    ...env,
    PULUMI_BACKEND_URL: backend,
    PULUMI_HOME: home,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_PARALLEL: base.PULUMI_PARALLEL ?? String(suggestedParallelism),
    PATH: [binDir, resolve(repoRoot, "node_modules/.bin"), base.PATH].filter(Boolean).join(":"),
  };
}

