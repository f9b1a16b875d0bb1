/**
 * Debug logging of HTTP exchanges, and the redaction every log line and error message goes through.
 *
 * Enabled by the environment: `SEEDANCE_DEBUG=1`, `true`, `http` or `*` (a comma list may name `http` among others).
 * Lines go to stderr, which the Pulumi CLI shows in the output of every command (`SEEDANCE_DEBUG=1 pulumi up`,
 * `preview`, `refresh`, `destroy`; `--debug` adds Pulumi's own debug messages and is safe too): no engine verbosity
 * is needed. Do not use `--logtostderr -v=9` (or any `-v` ≥ 9) with real credentials: at that level Pulumi's engine
 * logs the provider configuration it marshals for `Configure` — the API key and the profiles' secret access keys —
 * in plain text (measured with CLI 3.259.0; test/e2e/credentials.test.ts checks both paths).
 * Each attempt prints one summary line (action, method, URL, status, duration, RequestId), then the request
 * headers and both bodies, truncated. Never printed: `Authorization`, `X-Security-Token`, API keys, secrets
 * (replaced by `[REDACTED]`), nor media payloads (`data:` URIs and long base64 runs are cut to their length).
 */

/** Headers whose value is a credential. Lower case. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(["authorization", "x-security-token", "x-api-key", "api-key", "cookie", "set-cookie", "proxy-authorization"]);

/** Bodies longer than this many characters are truncated in logs. */
export const MAX_LOGGED_BODY_CHARS = 2000;

const REDACTED = "[REDACTED]";
/** `data:<type>;base64,<payload>`: the payload goes. */
const DATA_URI = /(data:[\w.+-]+\/[\w.+-]+(?:;[\w-]+=[\w.-]+)*;base64,)[A-Za-z0-9+/=_-]+/g;
/** A bare base64 run this long is media, not an identifier. */
const LONG_BASE64 = /[A-Za-z0-9+/]{256,}={0,2}/g;

/** Whether `SEEDANCE_DEBUG` asks for HTTP logging. */
export function debugEnabled(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env["SEEDANCE_DEBUG"]?.trim().toLowerCase();
  if (!value) return false;
  return value.split(",").some((part) => ["1", "true", "http", "*", "all"].includes(part.trim()));
}

/** Replaces each secret (verbatim) in `text` with `[REDACTED]`. Secrets shorter than 4 characters are skipped (too likely to collide). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Cuts media payloads: `data:…;base64,` URIs and bare base64 runs ≥ 256 characters become `<N base64 chars>`. */
export function truncatePayloads(text: string): string {
  return text
    .replace(DATA_URI, (whole, prefix: string) => `${prefix}<${whole.length - prefix.length} base64 chars>`)
    .replace(LONG_BASE64, (run) => `<${run.length} base64 chars>`);
}

/** Full redaction of a text for logs and messages: secrets, then payloads, then length. */
export function redactText(text: string, secrets: readonly (string | undefined)[], maxChars = MAX_LOGGED_BODY_CHARS): string {
  const clean = truncatePayloads(scrubSecrets(text, secrets));
  return clean.length > maxChars ? `${clean.slice(0, maxChars)}… (${clean.length} chars)` : clean;
}

/** Headers with credential values replaced, and any known secret scrubbed from the others. Names lower-cased. */
export function redactHeaders(headers: Readonly<Record<string, string>>, secrets: readonly (string | undefined)[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[lower] = SECRET_HEADERS.has(lower) ? REDACTED : scrubSecrets(value, secrets);
  }
  return out;
}

/** One attempt of one call, as logged. */
export interface HttpExchange {
  gateway: string;
  action: string;
  attempt: number;
  method: string;
  url: string;
  requestHeaders: Readonly<Record<string, string>>;
  /** Request body as text (JSON), or a description such as `multipart (3 fields, file a.png 1234 bytes)`. */
  requestBody?: string;
  status?: number;
  durationMs: number;
  requestId?: string;
  responseBody?: string;
  /** The error when there was no answer. */
  error?: string;
}

/** Writes exchanges; a no-op unless enabled. */
export interface HttpLogger {
  readonly enabled: boolean;
  exchange(entry: HttpExchange): void;
}

/**
 * A logger for one client. `secrets` are the profile's credentials (scrubbed wherever they appear);
 * `enabled` defaults to `debugEnabled()`, `write` to stderr.
 */
export function createHttpLogger(options: { secrets: readonly (string | undefined)[]; enabled?: boolean; write?: (line: string) => void }): HttpLogger {
  const enabled = options.enabled ?? debugEnabled();
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const clean = (text: string) => redactText(text, options.secrets);
  return {
    enabled,
    exchange(e) {
      if (!enabled) return;
      const outcome = e.status !== undefined ? `${e.status}` : `error ${clean(e.error ?? "")}`;
      const lines = [
        `[seedance] ${e.gateway} ${e.action} #${e.attempt} ${e.method} ${clean(e.url)} → ${outcome} in ${Math.round(e.durationMs)} ms` +
          (e.requestId ? ` RequestId=${e.requestId}` : ""),
      ];
      for (const [name, value] of Object.entries(redactHeaders(e.requestHeaders, options.secrets))) lines.push(`[seedance]   > ${name}: ${value}`);
      if (e.requestBody) lines.push(`[seedance]   > ${clean(e.requestBody)}`);
      if (e.responseBody) lines.push(`[seedance]   < ${clean(e.responseBody)}`);
      // Second pass over the whole entry: a secret could also hide in the action name or the error text.
      write(scrubSecrets(lines.join("\n"), options.secrets));
    },
  };
}
