/**
 * The status watcher: waits for assets to leave `Processing`, with one set of status checks per polling round for
 * everyone waiting in the provider process. A `pulumi up` of a thousand assets creates a thousand waiters; polling
 * each with GetAsset would cost a thousand calls per round and run into the rate limits, so waiters are grouped by
 * scope (gateway profile, project, asset group) and each round checks each scope once:
 *
 * - `byStatus` (Capabilities.listAssetsByStatus): ListAssets `Filter{GroupIds:[group], Statuses:["Processing"]}`
 *   says who is still processing (one page per 100 processing assets). Waiters missing from it have finished; their
 *   records come from ListAssets `Statuses:["Active","Failed"]` newest-updated first (one page, usually), and only
 *   what that misses is fetched by GetAsset.
 * - `list` (ListAssets without a status filter): the group's assets, page by page, filtered here.
 * - `get` (no ListAssets, or no groups): GetAsset per waiter.
 *
 * Rounds start `pollIntervalMs` apart and back off ×1.5 per quiet round up to `maxPollIntervalMs`; a new waiter
 * brings the next round forward again. Calls go through the client, so its per-Action rate limiter applies.
 * Transient failures (throttling, network, timeouts, 5xx) keep the waiters waiting; any other failure ends the
 * waits of its scope with that error. Each waiter has its own deadline.
 *
 * Eventual consistency: GetAsset can answer NotFound briefly right after CreateAsset (reported by several clients,
 * e.g. amortegui84/comfyui-seedance `nodes.py` polls until the new asset "is visible"). A waiter started with
 * `justCreated` treats its asset's absence as "not yet visible" for `notVisibleGraceMs` after the wait began, and
 * only then as gone.
 */
import type { Action, AssetRecord, GroupType, RequestOf, ResultOf } from "../api.js";
import type { Capabilities } from "../gateways/dialect.js";
import { ERROR_CODES, isGone, isSeedanceError, type SeedanceErrorCode } from "../errors.js";
import { hiddenFromLists } from "./group-type.js";

/** The part of GatewayClient the watcher uses. */
export interface WatchClient {
  readonly capabilities: Capabilities;
  call<A extends Action>(action: A, request: RequestOf<A>): Promise<ResultOf<A>>;
}

/** Where an asset lives: the scope its status is checked in. */
export interface WatchTarget {
  /** Unique per (profile, project, group): waiters with the same key share status checks. */
  scopeKey: string;
  client: WatchClient;
  projectName: string;
  /** The asset's group, where the gateway has groups. */
  groupId?: string;
  /** The group's type, named in list filters; default `AIGC`. `LivenessFace` at a gateway that hides those groups polls by GetAsset. */
  groupType?: GroupType;
}

/**
 * A real-person asset that the gateway no longer finds while it was being waited for: Anyfast drops one that fails
 * processing (above all face verification) and answers NotFound.asset_id for good (baudevs/OpenMontage
 * `.agents/skills/anyfast-assets/SKILL.md` "Reading a 404"), so this is a failure, not "deleted outside Pulumi".
 */
export class RealPersonAssetVanishedError extends Error {
  readonly assetId: string;
  constructor(assetId: string, groupId: string | undefined) {
    super(
      `Asset ${assetId} in the real-person (LivenessFace) group ${groupId ?? "?"} was dropped while processing (GetAsset answers NotFound and lists never show real-person assets here). The gateway drops a real-person asset that fails its checks, most often face verification (FaceMismatch: "Face consistency verification failed"). Fix: upload only clear, front-facing photos or videos of the person verified for this group, within the media limits; another person needs their own verification and group.`,
    );
    this.name = "RealPersonAssetVanishedError";
    this.assetId = assetId;
  }
}

/** How a wait ended: the asset left Processing (Active or Failed), or the deadline passed first. */
export type WaitOutcome = { kind: "done"; asset: AssetRecord } | { kind: "timeout"; last?: AssetRecord; lastError?: unknown };

/** The polling strategy of a scope (see the module comment). */
export type PollStrategy = "byStatus" | "list" | "get";

/** Counters for tests and reports. */
export interface WatcherStats {
  /** Polling rounds run. */
  rounds: number;
  /** Calls made, by Action. */
  calls: Partial<Record<Action, number>>;
  /** Scopes polled in the last round. */
  lastRoundScopes: number;
  /** Scopes polled, summed over all rounds (a scope is polled once per round while it has waiters). */
  scopePolls: number;
}

/** Polling intervals of a StatusWatcher. */
export interface WatcherOptions {
  /** First interval between rounds, ms. */
  pollIntervalMs: number;
  /** Upper bound of the backoff, ms. */
  maxPollIntervalMs: number;
  /** Warnings about transient polling failures; default none. */
  warn?: (message: string) => void;
  /** How long a just-created asset may be invisible before its absence means "gone", ms; default NOT_VISIBLE_GRACE_MS. */
  notVisibleGraceMs?: number;
}

/** Default of WatcherOptions.notVisibleGraceMs. Guess: 30 s (the sources say "briefly"; no figure is published). */
export const NOT_VISIBLE_GRACE_MS = 30_000;

/** Options of one wait. */
export interface WaitOptions {
  /** The asset was created just now: while it is not yet visible, keep waiting (see the module comment). */
  justCreated?: boolean;
}

interface Waiter {
  deadline: ReturnType<typeof setTimeout>;
  /** performance.now() until which the asset's absence means "not yet visible"; 0 when not just created. */
  visibleBy: number;
  resolve(outcome: WaitOutcome): void;
  reject(error: unknown): void;
}

interface Scope {
  target: WatchTarget;
  waiters: Map<string, Waiter[]>;
  last: Map<string, AssetRecord>;
  lastError?: unknown;
}

const PAGE_SIZE = 100;
/** Pages of newest-updated finished assets read to find the records of waiters that just finished. */
const FINISHED_PAGES = 3;
/** Failures after which waiting is pointless; everything else is retried next round. */
const TRANSIENT: ReadonlySet<SeedanceErrorCode> = new Set([
  ERROR_CODES.Throttled,
  ERROR_CODES.Network,
  ERROR_CODES.Timeout,
  ERROR_CODES.Unavailable,
  ERROR_CODES.Internal,
]);

/** Whether a failure is worth retrying in the next round. */
export function isTransient(error: unknown): boolean {
  return isSeedanceError(error) && TRANSIENT.has(error.code);
}

/** The strategy for a target, from the gateway's capabilities. */
export function strategyOf(target: WatchTarget): PollStrategy {
  const c = target.client.capabilities;
  if (!target.groupId || !c.actions.includes("ListAssets")) return "get";
  if (hiddenFromLists(c, target.groupType)) return "get";
  return c.listAssetsByStatus ? "byStatus" : "list";
}

/** One per provider process (./context.ts `statusWatcher`); see the module comment. */
export class StatusWatcher {
  #options: WatcherOptions;
  readonly #scopes = new Map<string, Scope>();
  #interval: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #nextAt = Infinity;
  #running = false;
  /** A waiter arrived during a round: the next interval is the first one again. */
  #reset = false;
  readonly stats: WatcherStats = { rounds: 0, calls: {}, lastRoundScopes: 0, scopePolls: 0 };

  constructor(options: WatcherOptions) {
    this.#options = options;
    this.#interval = options.pollIntervalMs;
  }

  /** New intervals apply from the next round (configuration can change between provider calls). */
  setOptions(options: WatcherOptions): void {
    this.#options = options;
    this.#interval = Math.min(this.#interval, options.maxPollIntervalMs);
  }

  /** Assets being waited for, over all scopes. */
  get waiting(): number {
    let n = 0;
    for (const scope of this.#scopes.values()) for (const list of scope.waiters.values()) n += list.length;
    return n;
  }

  /**
   * Waits until asset `assetId` is Active or Failed, or `timeoutMs` passes.
   * @returns the final record, or a timeout with the last record and failure seen.
   * @throws (rejects with) a non-transient error of a status check: not found, unauthorized, invalid, …
   */
  wait(target: WatchTarget, assetId: string, timeoutMs: number, options: WaitOptions = {}): Promise<WaitOutcome> {
    let scope = this.#scopes.get(target.scopeKey);
    if (!scope) {
      scope = { target, waiters: new Map(), last: new Map() };
      this.#scopes.set(target.scopeKey, scope);
    }
    const owner = scope;
    return new Promise<WaitOutcome>((resolve, reject) => {
      const waiter: Waiter = {
        deadline: setTimeout(() => {
          const last = owner.last.get(assetId);
          const outcome: WaitOutcome = { kind: "timeout", ...(last ? { last } : {}), ...(owner.lastError !== undefined ? { lastError: owner.lastError } : {}) };
          this.#remove(owner, assetId, waiter);
          resolve(outcome);
        }, timeoutMs),
        visibleBy: options.justCreated ? performance.now() + (this.#options.notVisibleGraceMs ?? NOT_VISIBLE_GRACE_MS) : 0,
        resolve,
        reject,
      };
      const list = owner.waiters.get(assetId) ?? [];
      list.push(waiter);
      owner.waiters.set(assetId, list);
      // A new waiter resets the backoff: its asset was just created and may finish soon.
      this.#interval = this.#options.pollIntervalMs;
      if (this.#running) this.#reset = true;
      this.#schedule(performance.now() + this.#interval);
    });
  }

  #remove(scope: Scope, assetId: string, waiter: Waiter): void {
    const list = scope.waiters.get(assetId);
    if (!list) return;
    const rest = list.filter((w) => w !== waiter);
    if (rest.length) scope.waiters.set(assetId, rest);
    else {
      scope.waiters.delete(assetId);
      scope.last.delete(assetId);
    }
    if (scope.waiters.size === 0) this.#scopes.delete(scope.target.scopeKey);
  }

  #settle(scope: Scope, assetId: string, settle: (waiter: Waiter) => void): void {
    const list = scope.waiters.get(assetId);
    if (!list) return;
    scope.waiters.delete(assetId);
    scope.last.delete(assetId);
    for (const waiter of list) {
      clearTimeout(waiter.deadline);
      settle(waiter);
    }
    if (scope.waiters.size === 0) this.#scopes.delete(scope.target.scopeKey);
  }

  #schedule(at: number): void {
    if (this.#running || at >= this.#nextAt) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#nextAt = at;
    this.#timer = setTimeout(() => void this.#round(), Math.max(0, at - performance.now()));
  }

  async #round(): Promise<void> {
    this.#timer = undefined;
    this.#nextAt = Infinity;
    if (this.#scopes.size === 0) return;
    this.#running = true;
    const scopes = [...this.#scopes.values()];
    this.stats.rounds++;
    this.stats.lastRoundScopes = scopes.length;
    this.stats.scopePolls += scopes.length;
    let progressed = false;
    this.#reset = false;
    try {
      const results = await Promise.all(scopes.map((scope) => this.#poll(scope)));
      progressed = results.some(Boolean);
    } finally {
      this.#running = false;
    }
    this.#interval = progressed || this.#reset ? this.#options.pollIntervalMs : Math.min(this.#interval * 1.5, this.#options.maxPollIntervalMs);
    if (this.#scopes.size > 0) this.#schedule(performance.now() + this.#interval);
  }

  /** One status check of a scope. Returns whether any waiter finished. */
  async #poll(scope: Scope): Promise<boolean> {
    if (scope.waiters.size === 0) return false;
    try {
      const records = await this.#fetch(scope, [...scope.waiters.keys()]);
      scope.lastError = undefined;
      let finished = false;
      for (const [id, record] of records) {
        if (record === "gone") {
          const { groupType, groupId, client } = scope.target;
          // Anyfast answers NotFound for a real-person asset that failed its checks, for good (OpenMontage
          // anyfast-assets SKILL.md): there the documented reading wins over the eventual-consistency grace.
          const droppedRealPerson = hiddenFromLists(client.capabilities, groupType);
          // A just-created asset that is not yet visible is still on its way, not gone — unless it was seen already.
          if (!droppedRealPerson && !scope.last.has(id) && (scope.waiters.get(id) ?? []).some((w) => performance.now() < w.visibleBy)) continue;
          finished = true;
          const vanished =
            droppedRealPerson
              ? new RealPersonAssetVanishedError(id, groupId)
              : new Error(`Asset ${id} disappeared while processing (GetAsset answered NotFound): it was deleted outside Pulumi.`);
          this.#settle(scope, id, (w) => w.reject(vanished));
          continue;
        }
        scope.last.set(id, record);
        if (record.Status !== "Processing") {
          finished = true;
          this.#settle(scope, id, (w) => w.resolve({ kind: "done", asset: record }));
        }
      }
      return finished;
    } catch (error) {
      if (isTransient(error)) {
        scope.lastError = error;
        this.#options.warn?.(`Checking asset status failed, retrying next round: ${(error as Error).message.split("\n")[0]}`);
        return false;
      }
      // A snapshot of the ids: #settle removes each waiter from the map being walked.
      // oxlint-disable-next-line unicorn/no-useless-spread
      for (const id of [...scope.waiters.keys()]) this.#settle(scope, id, (w) => w.reject(error));
      return true;
    }
  }

  #count<A extends Action>(client: WatchClient, action: A, request: RequestOf<A>): Promise<ResultOf<A>> {
    this.stats.calls[action] = (this.stats.calls[action] ?? 0) + 1;
    return client.call(action, request);
  }

  /** Records of the waiting ids that could be learned this round; `gone` for ids GetAsset does not find. */
  async #fetch(scope: Scope, ids: string[]): Promise<Map<string, AssetRecord | "gone">> {
    const { client, projectName, groupId } = scope.target;
    const groupType = scope.target.groupType ?? "AIGC";
    const strategy = strategyOf(scope.target);
    const found = new Map<string, AssetRecord | "gone">();
    const wanted = new Set(ids);
    /** Pages through a listing until `enough()` or the last page; at most `maxPages` pages. */
    const list = async (filter: RequestOf<"ListAssets">["Filter"], visit: (record: AssetRecord) => void, enough: () => boolean, maxPages = Infinity, sorted = false) => {
      for (let page = 1; page <= maxPages; page++) {
        const result = await this.#count(client, "ListAssets", {
          Filter: filter,
          PageNumber: page,
          PageSize: PAGE_SIZE,
          ProjectName: projectName,
          ...(sorted ? { SortBy: "UpdateTime" as const, SortOrder: "Desc" as const } : {}),
        });
        result.Items.forEach(visit);
        if (result.Items.length < PAGE_SIZE || (result.TotalCount !== undefined && page * PAGE_SIZE >= result.TotalCount) || enough()) return;
      }
    };
    const allFound = () => [...wanted].every((id) => found.has(id));

    if (strategy === "byStatus") {
      const processing = new Set<string>();
      await list(
        { GroupIds: [groupId!], GroupType: groupType, Statuses: ["Processing"] },
        (r) => processing.add(r.Id),
        () => ids.every((id) => processing.has(id)),
      );
      const finished = ids.filter((id) => !processing.has(id));
      if (finished.length === 0) return found;
      wanted.clear();
      for (const id of finished) wanted.add(id);
      await list({ GroupIds: [groupId!], GroupType: groupType, Statuses: ["Active", "Failed"] }, (r) => wanted.has(r.Id) && found.set(r.Id, r), allFound, FINISHED_PAGES, true);
      ids = finished.filter((id) => !found.has(id));
    } else if (strategy === "list") {
      await list({ GroupIds: [groupId!], GroupType: groupType }, (r) => wanted.has(r.Id) && found.set(r.Id, r), allFound);
      ids = ids.filter((id) => !found.has(id));
    }
    // `get`, and whatever a listing missed (listing lag, a group of another type): one GetAsset each.
    if (ids.length > 0 && client.capabilities.actions.includes("GetAsset")) {
      await Promise.all(
        ids.map(async (id) => {
          try {
            found.set(id, await this.#count(client, "GetAsset", { Id: id, ProjectName: projectName }));
          } catch (error) {
            // Only the documented not-found code means deleted; a bare 404 or an unknown answer fails the wait.
            if (isGone(error, "asset")) found.set(id, "gone");
            else throw error;
          }
        }),
      );
    }
    return found;
  }
}
