/**
 * `seedance-assets emulator [options]`: starts the gateway emulator (all six gateways on one port) and prints the
 * base URL of each gateway and the default credentials. The options are the emulator's own (emulator/cli.ts
 * `parseCli`). Runs until SIGINT/SIGTERM, then closes the emulator (writing its state file, if any).
 */
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { HELP, parseCli } from "../../emulator/cli.js";
import { startEmulator } from "../../emulator/server.js";
import { DIALECTS, GATEWAY_NAMES } from "../../provider/gateways/index.js";

/** One line for `seedance-assets --help`. */
export const summary = "start the gateway emulator: every gateway on one port, for trying a library offline";

/** The help text, naming this command. */
export const help = HELP.replace(/npm run emulator --/g, "seedance-assets emulator");

/** Runs the command; resolves with 0 once stopped by a signal, 2 on bad options. */
export async function run(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    console.error(`seedance-assets emulator: ${(error as Error).message}\n\n${help}`);
    return 2;
  }
  if (parsed.help) {
    console.log(help);
    return 0;
  }
  const { options } = parsed;
  const emulator = await startEmulator(options);
  const lines = [`Seedance asset emulator listening on ${emulator.url}`, ""];
  for (const name of GATEWAY_NAMES) {
    lines.push(`  ${name.padEnd(12)} ${emulator.gatewayUrl(name)}`);
  }
  lines.push("");
  lines.push(options.apiKeys ? `  API keys: ${options.apiKeys.length} supplied (not shown)` : `  API key:  ${DEFAULT_API_KEY}  (SEEDANCE_API_KEY)`);
  lines.push(
    options.accessKeys
      ? "  AK/SK:    supplied (not shown)"
      : `  AK/SK:    ${DEFAULT_ACCESS_KEY_ID} / ${DEFAULT_SECRET_ACCESS_KEY}  (regions ${DIALECTS.filter((d) => d.defaults.region).map((d) => `${d.defaults.region} → ${d.name}`).join(", ")})`,
  );
  lines.push(`  Admin: ${emulator.url}/_emulator/health    Ctrl-C to stop`);
  console.log(lines.join("\n"));
  return new Promise<number>((resolveRun) => {
    let stopping = false;
    const stop = () => {
      if (stopping) return;
      stopping = true;
      emulator.close().then(
        () => resolveRun(0),
        (error: unknown) => {
          console.error(`seedance-assets emulator: closing failed: ${String(error)}`);
          resolveRun(1);
        },
      );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
