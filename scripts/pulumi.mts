// `npm run pulumi -- <args>`: runs the project's Pulumi CLI (tools/pulumi-cli.sh) with the offline environment
// of scripts/pulumi-env.mts, in the directory npm was started from. That environment includes an engine parallelism
// suited to asset libraries (PULUMI_PARALLEL, unless you set it; a --parallel flag in <args> wins over both).
import { spawn } from "node:child_process";
import { pulumiEnv } from "./pulumi-env.mts";

// npm runs scripts from the package root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const env = await pulumiEnv();
const child = spawn("pulumi", process.argv.slice(2), { cwd, env, stdio: "inherit" });
// Ctrl-C reaches the CLI directly (same process group); let it cancel the update gracefully.
process.on("SIGINT", () => {});
child.on("error", (err) => {
  console.error(`could not run pulumi: ${err.message}`);
  process.exit(1);
});
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
