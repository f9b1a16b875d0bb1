/**
 * The dynamic-provider process must not outlive the engine. Pulumi starts it as `sh pulumi-resource-pulumi-nodejs
 * <engine address>` → `node …/cmd/dynamic-provider <engine address>`, and its gRPC server keeps the process alive
 * for as long as nobody stops it. A `pulumi` CLI killed with SIGKILL (a CI runner cancelled) stops nobody: the
 * provider (and the `sh` waiting for it) ran on with no engine. Its parent is the `sh`, which survives too, so the
 * parent pid says nothing; the engine's address does: when its port refuses connections twice in a row, the engine
 * is gone and this process exits.
 */
import { connect } from "node:net";

/** How often the engine is checked, ms. */
export const ENGINE_CHECK_INTERVAL_MS = 1_000;
/** Consecutive refused connections that mean the engine is gone. */
export const ENGINE_CHECK_FAILURES = 2;

/** Options of watchEngine; all optional (defaults: this process). */
export interface EngineWatchdogOptions {
  /** The process's arguments; default process.argv. The watchdog runs only for `…/cmd/dynamic-provider <host:port>`. */
  argv?: readonly string[];
  /** Default ENGINE_CHECK_INTERVAL_MS. */
  intervalMs?: number;
  /** Called once when the engine is gone; default: a line on stderr and process.exit(1). */
  onGone?: (reason: string) => void;
}

/** The engine address when this process is Pulumi's dynamic provider (`<node> …/cmd/dynamic-provider[/index.js] <host:port>`). */
export function engineAddressOf(argv: readonly string[]): { host: string; port: number } | undefined {
  if (!/[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(argv[1] ?? "")) return undefined;
  const match = /^(.*):(\d+)$/.exec(argv[2] ?? "");
  if (!match) return undefined;
  return { host: match[1]!.replace(/^\[(.*)\]$/, "$1"), port: Number(match[2]) };
}

/** Whether a TCP connection to the address is refused (the engine's port is closed) within the interval. */
function refused(address: { host: string; port: number }, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const done = (isRefused: boolean) => {
      socket.destroy();
      resolve(isRefused);
    };
    socket.setTimeout(timeoutMs, () => done(false)); // slow is not gone
    socket.once("connect", () => done(false));
    socket.once("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED"));
  });
}

let started = false;

/**
 * Starts checking the engine (once per process; a no-op outside the dynamic-provider process). The timer is
 * unref'd: it never keeps a process alive by itself. Returns whether a watchdog runs.
 */
export function watchEngine(options: EngineWatchdogOptions = {}): boolean {
  const address = engineAddressOf(options.argv ?? process.argv);
  if (!address || (started && !options.argv)) return false;
  if (!options.argv) started = true;
  const interval = options.intervalMs ?? ENGINE_CHECK_INTERVAL_MS;
  const onGone =
    options.onGone ??
    ((reason: string) => {
      process.stderr.write(`seedance provider: ${reason}; exiting.\n`);
      process.exit(1);
    });
  let failures = 0;
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void refused(address, interval).then((isRefused) => {
      checking = false;
      failures = isRefused ? failures + 1 : 0;
      if (failures >= ENGINE_CHECK_FAILURES) {
        clearInterval(timer);
        onGone(`the Pulumi engine at ${address.host}:${address.port} is gone`);
      }
    });
  }, interval);
  timer.unref();
  return true;
}
