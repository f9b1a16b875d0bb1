/**
 * Small pure helpers the dialects share for reading and writing wire messages.
 */
import { ACTIONS, type Action } from "../api.js";
import type { RoutedRequest } from "./dialect.js";

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
