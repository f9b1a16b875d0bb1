/**
 * Small pure helpers the dialects share for reading and writing wire messages.
 */
import { ACTIONS, type Action } from "../api.js";
import type { Dialect, ErrorKind, GatewayFailure, GoneObject, NotFoundCodes, RoutedRequest } from "./dialect.js";
import { kindFromStatus } from "./native-errors.js";

/** A JSON object view of an unknown body, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** The canonical body without the fields that never travel as JSON (`File`). */
export function jsonFields(request: object): Record<string, unknown> {
  const { File: _file, ...rest } = request as Record<string, unknown>;
  return rest;
}

/**
 * The request id Bearer gateways send as a header. Undocumented for all of them: `x-request-id` (and one-api /
 * new-api's `x-oneapi-request-id`) are assumed.
 */
export function headerRequestId(headers: Record<string, string>): string | undefined {
  return headers["x-request-id"] ?? headers["x-oneapi-request-id"];
}

/**
 * The router of gateways that put the Action last in the path: `POST <prefix><Action>` for the given Actions.
 */
export function routeByActionSuffix(prefix: string, actions: readonly Action[] = ACTIONS) {
  return (method: string, path: string): RoutedRequest | undefined => {
    if (method !== "POST" || !path.startsWith(prefix)) return undefined;
    const action = path.slice(prefix.length);
    return (actions as readonly string[]).includes(action) ? { action: action as Action, params: {} } : undefined;
  };
}

/**
 * The native not-found codes: a deleted (or never created) asset answers `NotFound.asset_id`, a group
 * `NotFound.group_id` (byteplus-sa/ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY_VALIDATION.md`; the 404 answers of
 * the native API). `NotFound.ProjectName` is deliberately absent: a missing project is a configuration error.
 */
export const NATIVE_NOT_FOUND_CODES: NotFoundCodes = { asset: ["NotFound.asset_id"], group: ["NotFound.group_id"] };

/** Which object a failure positively says is gone, from the dialect's documented not-found codes (or none). */
export function goneObjectOf(dialect: Pick<Dialect, "notFoundCodes">, failure: Pick<GatewayFailure, "code">): GoneObject | undefined {
  const codes = dialect.notFoundCodes ?? NATIVE_NOT_FOUND_CODES;
  if (codes.asset.includes(failure.code)) return "asset";
  if (codes.group.includes(failure.code)) return "group";
  return undefined;
}

/**
 * The kind of an answer no documented shape explains, by its HTTP status — except that a bare 404 is `Unknown`:
 * a wrong base URL, a proxy's error page or an unknown route answers 404 too, and says nothing about the object.
 */
export function kindOfUnparsed(status: number): ErrorKind {
  return status === 404 ? "Unknown" : kindFromStatus(status);
}

/** The start of a body that matched no documented shape, for error messages (whitespace folded, at most 200 chars). */
export function bodyExcerpt(rawText: string | undefined): string {
  const text = (rawText ?? "").replace(/\s+/g, " ").trim();
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
