/**
 * Presigned object links. GetAsset and ListAssets return `URL` as a presigned object-storage link valid 12 hours
 * (`X-Tos-Expires=43200`), not the URL the asset was created from (byteplus-sa/ark-mcp `src/ark_mcp/domain/assets.py`: "expires after about 12 hours"). The emulator hands
 * out links to itself in the same style and serves the object behind them (./admin.ts):
 *
 *   {base}/_emulator/tos/{assetId}?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Credential=…&X-Tos-Date={YYYYMMDDTHHMMSSZ}
 *     &X-Tos-Expires=43200&X-Tos-SignedHeaders=host&X-Tos-Signature={hex}
 *
 * The signature is an HMAC-SHA256 over path, date and expiry with the store's secret (./store.ts `secret()`), so
 * links survive a restart with a state file and any change to them is refused.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { formatXDate } from "../provider/signer.js";

/** Validity of a link, in seconds: 12 hours. */
export const PRESIGNED_EXPIRES_SECONDS = 43_200;
/** The path under which objects are served. */
export const OBJECT_PATH_PREFIX = "/_emulator/tos/";

/** A presigned link to an asset's object, signed now and valid PRESIGNED_EXPIRES_SECONDS. */
export function presignObjectUrl(baseUrl: string, assetId: string, secret: string, now: Date): string {
  const path = OBJECT_PATH_PREFIX + encodeURIComponent(assetId);
  const date = formatXDate(now);
  const expires = String(PRESIGNED_EXPIRES_SECONDS);
  const query = new URLSearchParams({
    "X-Tos-Algorithm": "TOS4-HMAC-SHA256",
    "X-Tos-Credential": `AKLTemulator/${date.slice(0, 8)}/emulator/tos/request`,
    "X-Tos-Date": date,
    "X-Tos-Expires": expires,
    "X-Tos-SignedHeaders": "host",
    "X-Tos-Signature": signature(secret, path, date, expires),
  });
  return `${baseUrl}${path}?${query.toString()}`;
}

export type LinkCheck = { ok: true; assetId: string } | { ok: false; status: 403 | 404; code: string; message: string };

/** Checks a presigned link as received: signature, then expiry. */
export function verifyObjectUrl(path: string, query: URLSearchParams, secret: string, now: Date): LinkCheck {
  if (!path.startsWith(OBJECT_PATH_PREFIX)) return { ok: false, status: 404, code: "NoSuchKey", message: "No such object." };
  const assetId = decodeURIComponent(path.slice(OBJECT_PATH_PREFIX.length));
  const date = query.get("X-Tos-Date") ?? "";
  const expires = query.get("X-Tos-Expires") ?? "";
  const given = Buffer.from(query.get("X-Tos-Signature") ?? "", "utf8");
  const wanted = Buffer.from(signature(secret, path, date, expires), "utf8");
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    return { ok: false, status: 403, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
  }
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
  const signedAt = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
  if (!Number.isFinite(signedAt) || now.getTime() > signedAt + Number(expires) * 1000) {
    return { ok: false, status: 403, code: "AccessDenied", message: "Request has expired." };
  }
  return { ok: true, assetId };
}

function signature(secret: string, path: string, date: string, expires: string): string {
  return createHmac("sha256", secret).update(`${path}\n${date}\n${expires}`).digest("hex");
}
