/**
 * Eventual consistency of a new asset group: CreateAsset right after CreateAssetGroup can answer "group not found"
 * (HTTP 400 or 502, relayed) until the group has propagated. Clients that met it live retry 4 s × 3
 * (amortegui84/comfyui-seedance `nodes.py`: `r.status_code in (400, 502) and "group" in txt and "not found" in
 * txt` → `time.sleep(4)`, at most 3 attempts). The GatewayClient remembers the groups it created itself and, only
 * for those and only within `windowMs` of their creation, retries such a CreateAsset with this policy. Any other
 * "group not found" (a group made elsewhere, or long ago) fails at once: it is a real error.
 */
import { isSeedanceError } from "./errors.js";

/** How a CreateAsset into a just-created group is retried. */
export interface GroupPropagationPolicy {
  /** How long after its creation a group may still be invisible, in ms. Guess: 60 000 (the source says "briefly"). */
  windowMs: number;
  /** Wait before each retry, in ms; 4 000 like the source. */
  retryDelayMs: number;
  /** Retries after the first attempt; 3 like the source (so at most 4 attempts, about 12 s of waiting). */
  retries: number;
}

/** The default policy (see the fields). */
export const GROUP_PROPAGATION: GroupPropagationPolicy = { windowMs: 60_000, retryDelayMs: 4_000, retries: 3 };

/**
 * Whether a CreateAsset failure says its group does not exist: the native `NotFound.group_id`, or — as relayed by
 * resellers — an HTTP 400/404/502 whose code or message names a group that is "not found" / "NotFound".
 */
export function isGroupNotFound(error: unknown): boolean {
  if (!isSeedanceError(error)) return false;
  const e = error as { gatewayCode?: unknown; gatewayMessage?: unknown; httpStatus?: unknown };
  if (typeof e.gatewayCode !== "string" || typeof e.httpStatus !== "number") return false;
  if (/^NotFound\.group/i.test(e.gatewayCode)) return true;
  if (![400, 404, 502].includes(e.httpStatus)) return false;
  const text = `${e.gatewayCode} ${typeof e.gatewayMessage === "string" ? e.gatewayMessage : ""}`;
  return /group/i.test(text) && /not ?found/i.test(text);
}

/** The groups one client created, with when (epoch ms); old entries are dropped as new ones come. */
export class RecentGroups {
  readonly #createdAt = new Map<string, number>();

  /** Notes a group this client just created. */
  record(groupId: string, at: number, windowMs: number): void {
    for (const [id, when] of this.#createdAt) if (at - when > windowMs) this.#createdAt.delete(id);
    this.#createdAt.set(groupId, at);
  }

  /** Whether this client created `groupId` less than `windowMs` before `now`. */
  isRecent(groupId: string | undefined, now: number, windowMs: number): boolean {
    if (groupId === undefined) return false;
    const at = this.#createdAt.get(groupId);
    return at !== undefined && now - at <= windowMs;
  }
}
