/**
 * Pact matchers for the values that vary from call to call at every gateway — server-made ids, timestamps,
 * presigned links, signatures, X-Date, RequestIds — built on Pact's MatchersV3. Everything the client depends on
 * (status words, envelope keys, error codes) is written as an exact value in the consumer tests instead.
 *
 * `fromState` is the one matcher Pact does not ship: a regex matcher that also carries the ProviderState generator.
 * `MatchersV3.fromProviderState` alone emits a *type* matcher, so on a request path it would let the mock accept any
 * path (pact-foundation/pact-js `docs/matching.md`); the regex keeps the path (or id) checked while the
 * verifier still substitutes the id the provider state returned.
 */
import { MatchersV3 as M } from "@pact-foundation/pact";

/** The regex matcher with a ProviderState generator that `fromState` returns (a valid Pact V3/V4 matcher object). */
export interface RegexFromState {
  "pact:matcher:type": "regex";
  regex: string;
  "pact:generator:type": "ProviderState";
  expression: string;
  value: string;
}

/**
 * A value the provider state supplies (e.g. `"${assetId}"`, or a whole path `"/asset/${assetId}"`), checked against
 * `regex` (anchored with `^…$` by the caller) and shown as `example` in the consumer test.
 * @throws Error when `example` does not match `regex` (a contract that could never pass).
 */
export function fromState(expression: string, regex: RegExp, example: string): RegexFromState {
  if (!regex.test(example)) throw new Error(`fromState: example "${example}" does not match ${regex}`);
  return { "pact:matcher:type": "regex", regex: regex.source, "pact:generator:type": "ProviderState", expression, value: example };
}

/** Native asset id shape (ark-mcp `plans/PLAN_MODELARK_ASSET_LIBRARY_VALIDATION.md`): `asset-20260320120147-pqwhc`. */
export const ASSET_ID = /^asset-[0-9]{14}-[a-z0-9]+$/;
/** Native group id shape: `group-20260319072926-rrnmg`. */
export const GROUP_ID = /^group-[0-9]{14}-[a-z0-9]+$/;

/** Example asset id of the consumer tests (the documented example). */
export const EXAMPLE_ASSET_ID = "asset-20260320120147-pqwhc";
/** Example group id of the consumer tests (the documented example). */
export const EXAMPLE_GROUP_ID = "group-20260319072926-rrnmg";
/** An asset id no provider state creates: the not-found interactions ask for it. */
export const ABSENT_ASSET_ID = "asset-20000101000000-absnt";
/** A group id no provider state creates. */
export const ABSENT_GROUP_ID = "group-20000101000000-absnt";

/** An asset id made by the server. */
export const assetId = (example = EXAMPLE_ASSET_ID) => M.regex(ASSET_ID, example);
/** A group id made by the server. */
export const groupId = (example = EXAMPLE_GROUP_ID) => M.regex(GROUP_ID, example);
/** The asset id of the `assetId` a provider state returned. */
export const assetIdFromState = (example = EXAMPLE_ASSET_ID) => fromState("${assetId}", ASSET_ID, example);
/** The group id of the `groupId` a provider state returned. */
/**
 * The type of an asset in a list: any asset type. A list answers whatever the account holds (a live account's
 * first Active asset may well be a Video), so list items pin the shape, not the example's type.
 */
export const listedAssetType = (example = "Image") => M.regex(/^(Image|Video|Audio|Document)$/, example);
export const groupIdFromState = (example = EXAMPLE_GROUP_ID) => fromState("${groupId}", GROUP_ID, example);

/** ISO-8601 date-time as the native API writes it, e.g. `2026-03-20T12:01:47Z` (fraction and offset optional). */
export const isoTime = (example = "2026-03-20T12:01:47Z") =>
  M.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, example);

/** A presigned object-storage link (valid 12 hours upstream): any http(s) URL; it is not the source URL. */
export const presignedUrl = (
  example = "https://ark-asset.tos-cn-beijing.volces.com/asset-20260320120147-pqwhc?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Expires=43200&X-Tos-Signature=0f",
) => M.regex(/^https?:\/\/\S+$/, example);

/** A RequestId: any non-empty string. */
export const requestId = (example = "20260320120147A1B2C3D4E5F6A7B8C9") => M.regex(/^\S+$/, example);

/** A human-readable message with at least one non-blank character (Pact regexes must match the whole value). */
export const message = (example: string) => M.regex(/^[\s\S]*\S[\s\S]*$/, example);

/** A message that starts with the given code, as relayed by gateways that keep the upstream code as a prefix. */
export const messageStartingWith = (prefix: string, example: string) => {
  if (!example.startsWith(prefix)) throw new Error(`messageStartingWith: "${example}" does not start with "${prefix}"`);
  return M.regex(new RegExp(`^${escapeRegex(prefix)}[\\s\\S]*$`), example);
};

/** `X-Date: YYYYMMDD'T'HHMMSS'Z'`. */
export const xDate = (example = "20260320T120147Z") => M.regex(/^\d{8}T\d{6}Z$/, example);

/** Lower-case hex SHA-256 (`X-Content-Sha256`). */
export const sha256Hex = (example = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a") =>
  M.regex(/^[0-9a-f]{64}$/, example);

/**
 * `Authorization: HMAC-SHA256 Credential={AK}/{YYYYMMDD}/{region}/{service}/request, SignedHeaders=…, Signature=…`
 * with the region and service exact (a wrong scope fails upstream) and `host` and `x-date` among the signed headers
 * (required by the service; the signer lists them sorted).
 */
export function hmacAuthorization(region: string, service = "ark") {
  const pattern = new RegExp(
    `^HMAC-SHA256 Credential=[A-Za-z0-9]+/\\d{8}/${escapeRegex(region)}/${escapeRegex(service)}/request, ` +
      "SignedHeaders=(?:[a-z0-9-]+;)*host;(?:[a-z0-9-]+;)*x-date(?:;[a-z0-9-]+)*, Signature=[0-9a-f]{64}$",
  );
  const example = `HMAC-SHA256 Credential=AKLTcontractexample/20260320/${region}/${service}/request, SignedHeaders=content-type;host;x-content-sha256;x-date, Signature=${"0".repeat(64)}`;
  return M.regex(pattern, example);
}

/** `Authorization: Bearer <key>`; the example key is a placeholder, never a real credential. */
export const bearer = (example = "Bearer sk-contract-placeholder") => M.regex(/^Bearer \S+$/, example);

/** Escapes a literal for use inside a regular expression. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
