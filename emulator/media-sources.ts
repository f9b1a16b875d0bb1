/**
 * Where the emulator gets the bytes of a source it checks: inline data (a `data:` URI or bare base64, as Anyfast
 * takes them: docs.anyfast.com.cn asset guide) and URLs on this machine, which it fetches itself. Checking the bytes is ../provider/media.
 */
import type { AssetError } from "../provider/media/probe.js";

/** Hosts whose URLs the emulator fetches itself (this machine); everything else is judged by extension. */
export function isLocalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && ["127.0.0.1", "localhost", "[::1]", "::1"].includes(u.hostname);
  } catch {
    return false;
  }
}

/**
 * Which URLs an emulator fetches when it is a shared service (bound beyond loopback): only its own — its samples
 * and objects, under the URL it listens on or its public URL — so a caller cannot make it probe the other services
 * of its machine. On loopback (`undefined` policy) every URL on this machine is fetched.
 */
export interface LocalFetchPolicy {
  /** Origins that are this emulator (`http://127.0.0.1:4010`, the public URL's origin). */
  ownOrigins: readonly string[];
  /** The base URL a URL on an own origin is fetched through (the loopback URL it listens on). */
  fetchBase: string;
}

/**
 * The URL to fetch for a source URL, or undefined when the emulator does not fetch it (it is then judged by its
 * extension, like any URL elsewhere). See LocalFetchPolicy.
 */
export function localFetchTarget(url: string, policy?: LocalFetchPolicy): string | undefined {
  if (!policy) return isLocalUrl(url) ? url : undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (!policy.ownOrigins.includes(u.origin)) return undefined;
  return policy.fetchBase + u.pathname + u.search;
}

/** The bytes of an inline source: a `data:` URI, or bare base64 (PNG assumed). Undefined when it is neither. */
export function decodeInline(value: string): { data: Uint8Array; contentType: string } | undefined {
  const dataUri = /^data:([^;,]*)((?:;[^;,]*)*?)(;base64)?,(.*)$/s.exec(value);
  if (dataUri) {
    const payload = dataUri[4] ?? "";
    const data = dataUri[3] ? Buffer.from(payload, "base64") : Buffer.from(decodeURIComponent(payload), "utf8");
    return { data, contentType: dataUri[1] || "text/plain" };
  }
  const compact = value.replace(/\s+/g, "");
  if (compact.length >= 4 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) {
    return { data: Buffer.from(compact, "base64"), contentType: "image/png" };
  }
  return undefined;
}

/**
 * Fetches a local URL for checking. Answers the bytes, or the DownloadFailed / FileSizeTooLarge error the asset
 * fails with. Redirects are refused (the real service's fetcher is not documented to follow them; a redirect away
 * from this machine could not be followed anyway).
 */
export async function fetchLocal(url: string, options: { timeoutMs: number; maxBytes: number }): Promise<{ data: Uint8Array; contentType?: string } | { error: AssetError }> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(options.timeoutMs) });
  } catch (err) {
    return { error: { Code: "DownloadFailed", Message: `Fetching ${url} failed: ${(err as Error).message}` } };
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    return { error: { Code: "DownloadFailed", Message: `Fetching ${url} answered HTTP ${response.status}.` } };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > options.maxBytes) {
        await response.body.cancel().catch(() => {});
        return { error: { Code: "FileSizeTooLarge", Message: `The file at ${url} is larger than ${options.maxBytes} bytes.` } };
      }
      chunks.push(chunk);
    }
  } catch (err) {
    return { error: { Code: "DownloadFailed", Message: `Reading ${url} failed: ${(err as Error).message}` } };
  }
  const contentType = response.headers.get("content-type") ?? undefined;
  return { data: Buffer.concat(chunks), ...(contentType ? { contentType } : {}) };
}
