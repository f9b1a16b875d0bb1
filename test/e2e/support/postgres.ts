/**
 * A throwaway PostgreSQL server for the tests of Pulumi's PostgreSQL state backend (`pulumi login postgres://…`,
 * Pulumi CLI ≥ 3.177): its own data directory, a free port on 127.0.0.1 only, trust authentication (local test data,
 * nothing of value), stopped and removed by `stop()` — and by a watchdog if the test process dies first, so no server
 * outlives its test run.
 *
 * The server comes from the Debian `postgresql` package (.ci/run installs it when missing). PostgreSQL refuses to run
 * as root, so as root the server runs as the package's `postgres` user.
 */
import { execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running server. */
export interface PostgresServer {
  /** `postgres://pulumi@127.0.0.1:<port>/postgres?sslmode=disable`, for PULUMI_BACKEND_URL. */
  url: string;
  port: number;
  /** Stops the server and removes its data. */
  stop(): void;
}

/** The directory holding initdb, pg_ctl and postgres. @throws Error naming the package to install. */
export function postgresBinDir(): string {
  const fromPath = (() => {
    try {
      return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    } catch {
      return undefined;
    }
  })();
  const candidates = [fromPath, ...(existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort().reverse().map((v) => `/usr/lib/postgresql/${v}/bin`) : [])];
  const dir = candidates.find((d) => d && existsSync(join(d, "initdb")) && existsSync(join(d, "pg_ctl")));
  if (!dir) throw new Error("PostgreSQL is not installed: the state-backend tests need its server. Fix: `apt-get install postgresql` (Debian/Ubuntu; .ci/run does this).");
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server (about a second).
 * @throws Error when PostgreSQL is missing or does not start (with its log).
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "seedance-pg-"));
  if (root) chownSync(dir, Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })), Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })));
  const as = (cmd: string, args: string[]) => (root ? execFileSync("runuser", ["-u", "postgres", "--", join(bin, cmd), ...args], { cwd: dir, stdio: "pipe" }) : execFileSync(join(bin, cmd), args, { cwd: dir, stdio: "pipe" }));
  const data = join(dir, "data");
  const port = await freePort();
  try {
    as("initdb", ["-D", data, "-U", "pulumi", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    as("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "start"]);
  } catch (error) {
    const log = existsSync(join(dir, "server.log")) ? execFileSync("cat", [join(dir, "server.log")], { encoding: "utf8" }) : "";
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${log}`);
  }
  const stopCommand = `${root ? "runuser -u postgres -- " : ""}${join(bin, "pg_ctl")} -D ${data} -m immediate stop >/dev/null 2>&1; rm -rf ${dir}`;
  // Watchdog: stops the server when this process is gone (killed test run), within a few seconds; gives up after 2 h.
  spawn("bash", ["-c", `for i in $(seq 1 3600); do kill -0 ${process.pid} 2>/dev/null || break; [ -d ${data} ] || exit 0; sleep 2; done; ${stopCommand}`], { detached: true, stdio: "ignore" }).unref();
  let stopped = false;
  return {
    url: `postgres://pulumi@127.0.0.1:${port}/postgres?sslmode=disable`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      execFileSync("bash", ["-c", stopCommand]);
    },
  };
}
