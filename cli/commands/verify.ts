/**
 * `seedance-assets verify --gateway <name> [options]`: verifies a live gateway against the package's Pact contract
 * for it (contracts/lib/cli.ts), with credentials from the environment. Needs the optional peer dependency
 * `@pact-foundation/pact` (Pact's native verifier); without it, says how to install it. The compatibility report
 * goes to `./seedance-contract-<gateway>.md` in the current directory unless `--report` says otherwise.
 */
import { resolve } from "node:path";

/** One line for `seedance-assets --help`. */
export const summary = "verify a live gateway against the package's Pact contract (credentials from the environment)";

/** Whether an error is the optional Pact dependency missing. */
function isPactMissing(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === "MODULE_NOT_FOUND" && /@pact-foundation\/pact/.test(e.message ?? "");
}

/** Runs the command; resolves with 0 compatible, 1 verification failed, 2 usage or setup error. */
export async function run(argv: string[]): Promise<number> {
  let contracts: typeof import("../../contracts/lib/cli.js");
  try {
    contracts = require("../../contracts/lib/cli.js") as typeof import("../../contracts/lib/cli.js");
  } catch (error) {
    if (!isPactMissing(error)) throw error;
    console.error(
      "seedance-assets verify needs Pact's verifier, an optional peer dependency of pulumi-seedance-assets.\nFix: npm install --save-dev @pact-foundation/pact@17 (in this project), then run the command again.",
    );
    return 2;
  }
  const args = [...argv];
  const gateway = args[args.indexOf("--gateway") + 1];
  if (!args.includes("--report") && !args.includes("--help") && args.includes("--gateway") && gateway) {
    args.push("--report", resolve(`seedance-contract-${gateway}.md`));
  }
  return contracts.main(["verify", ...args]);
}
