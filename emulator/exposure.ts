/**
 * Who may drive the admin surface (`/_emulator/…`, ./admin.ts): the emulator is a developer tool on loopback by
 * default and a shared service for review stacks and CI when bound to another interface, and neither may be driven
 * by a web page the developer happens to visit.
 *
 * - **Admin token.** Bound to an interface other than loopback (or given `adminToken`), every admin route but the
 *   public ones (ADMIN_PUBLIC_ROUTES) needs `Authorization: Bearer <admin token>`; the CLI prints a generated token
 *   once at start. On loopback without a token, the `Host` must name this machine (127.0.0.1, localhost, [::1]) or
 *   the public URL's host, which stops DNS-rebinding pages.
 * - **No foreign Origin.** A browser names the page that sent a request in `Origin`; an admin request whose Origin
 *   is not the emulator's own is refused (403), whatever the method.
 * - **JSON writes only.** POST/PUT/PATCH/DELETE need `Content-Type: application/json` (415 otherwise): a page can
 *   send a "simple" cross-site POST as text/plain or a form without a CORS preflight, never as JSON.
 *
 * Source of the rules: the Fetch standard's CORS-safelisted request headers (https://fetch.spec.whatwg.org/#cors-safelisted-request-header,
 * `Content-Type` limited to text/plain, multipart/form-data and application/x-www-form-urlencoded) and the `Origin`
 * header (https://fetch.spec.whatwg.org/#origin-header).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

/** Admin routes anyone may call: health (no data), presigned objects (signed links) and generated samples (bounded). */
export const ADMIN_PUBLIC_ROUTES: readonly RegExp[] = [/^GET \/_emulator\/health$/, /^GET \/_emulator\/tos\//, /^GET \/_emulator\/samples\//, /^HEAD \/_emulator\/(health|tos\/|samples\/)/];

/** Whether an interface address is loopback (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h === "::1") return true;
  return isIP(h) === 4 && h.startsWith("127.");
}

/** How the admin surface is guarded; built once at start (./server.ts). */
export interface AdminGuard {
  /** Required as `Authorization: Bearer <token>` on non-public admin routes, when set. */
  token?: string;
  /** Origins (`http://host:port`) whose pages may call the admin surface: the emulator's own. */
  origins: ReadonlySet<string>;
  /** Host header values accepted without a token (loopback names and the public URL's host, with the port). */
  hosts: ReadonlySet<string>;
}

/** A refused admin request: the status and the admin error body `{error: {code, message}}`. */
export interface AdminRefusal {
  status: 401 | 403 | 415;
  code: string;
  message: string;
}

/** The guard for an emulator bound to `port`, reachable at `publicUrl`, with `token` (undefined: none required). */
export function adminGuard(port: number, publicUrl: string, token: string | undefined): AdminGuard {
  const pub = new URL(publicUrl);
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, pub.host]);
  const origins = new Set([...hosts].map((h) => `http://${h}`).concat(pub.origin));
  return { ...(token ? { token } : {}), origins, hosts };
}

/**
 * Checks an admin request against the guard (see the module comment); undefined when it may proceed.
 * `route` is `<METHOD> <path>`.
 */
export function checkAdminRequest(guard: AdminGuard, route: string, headers: IncomingHttpHeaders): AdminRefusal | undefined {
  const origin = headers["origin"];
  if (typeof origin === "string" && !guard.origins.has(origin.toLowerCase())) {
    return { status: 403, code: "ForeignOrigin", message: `Admin requests from the web page ${origin} are refused; call the admin surface from a tool or test, not a browser page.` };
  }
  const method = route.slice(0, route.indexOf(" "));
  if (ADMIN_PUBLIC_ROUTES.some((r) => r.test(route))) return undefined;

  if (guard.token) {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(String(headers["authorization"] ?? ""))?.[1] ?? "";
    const a = Buffer.from(given);
    const b = Buffer.from(guard.token);
    if (a.length !== b.length || !timingSafeEqual(a, b)) {
      return {
        status: 401,
        code: "AdminTokenRequired",
        message: "This emulator is reachable from other machines: admin requests need `Authorization: Bearer <admin token>` (printed once when the emulator started).",
      };
    }
  } else if (!guard.hosts.has(String(headers["host"] ?? "").toLowerCase())) {
    return {
      status: 403,
      code: "ForeignHost",
      message: `Admin requests must be addressed to this machine (Host ${[...guard.hosts].join(", ")}), got Host ${String(headers["host"] ?? "(none)")}. Reaching it through a tunnel or proxy? Start it with --public-url <that URL>, or with --admin-token.`,
    };
  }

  if (["POST", "PUT", "PATCH", "DELETE"].includes(method)) {
    const type = String(headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return { status: 415, code: "UnsupportedMediaType", message: `Admin writes take Content-Type: application/json, got ${type || "none"}.` };
    }
  }
  return undefined;
}
