#!/usr/bin/env node
/**
 * `seedance-assets`: the package's command-line tool (package.json `bin`).
 *
 *   seedance-assets <command> [options]      seedance-assets <command> --help
 *
 * Each command is a module of ./commands/ exporting `summary` (one line for this help) and
 * `run(argv): Promise<number>` (the exit code: 0 done, 1 failed, 2 usage or configuration error). Commands are
 * loaded only when chosen, so `emulator` and `export` work without the optional Pact dependency that `verify` needs.
 */
// First: stop with a clear message on a Node.js below the minimum, before a dependency fails in its own words.
import "../provider/node-version.js";

/** One subcommand: its one-line summary and its entry point. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
}

/** The subcommands, by name, loaded on demand. Add a command here and in ./commands/<name>.ts. */
export const COMMANDS: Readonly<Record<string, () => Command>> = {
  emulator: () => require("./commands/emulator.js") as Command,
  export: () => require("./commands/export.js") as Command,
  verify: () => require("./commands/verify.js") as Command,
  review: () => require("./commands/review.js") as Command,
  comment: () => require("./commands/comment.js") as Command,
};

/** The top-level help: every command with its summary. */
export function usage(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length));
  return [
    "seedance-assets: Seedance 2.0 asset libraries as code (pulumi-seedance-assets).",
    "",
    "Usage: seedance-assets <command> [options]",
    "       seedance-assets <command> --help",
    "",
    "Commands:",
    ...names.map((name) => `  ${name.padEnd(width)}  ${COMMANDS[name]!().summary}`),
  ].join("\n");
}

/** Runs the tool with `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    console.error(`seedance-assets: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return load().run(rest);
}

if (typeof require !== "undefined" && require.main === module) {
  // Exit as soon as the command is done: a keep-alive socket or a closing server must not hold the process.
  // (stdout and stderr are synchronous for files and pipes on Linux, so nothing printed is lost.)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`seedance-assets: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
