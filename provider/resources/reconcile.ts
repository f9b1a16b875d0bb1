/**
 * Writes whose outcome is unknown are reconciled, not guessed. The client never repeats a mutating call after an
 * ambiguous failure (a 5xx, a timeout, a dropped connection: `mayHaveBeenApplied`, ../client.ts), because blindly
 * repeating a CreateAsset makes a duplicate. The resources do the next best thing here: they *look* before they
 * repeat.
 *
 * - create (CreateAsset, CreateAssetGroup): look the object up by its identity (asset: group + name + type; group:
 *   name + project, minus the groups that existed before the call). Found → it is ours: adopt it. Absent → the call
 *   was not applied: send it again (bounded). Where the gateway has no list action (Agentsflare, GlobalAiOpc) the
 *   outcome cannot be checked, and the create fails with an error naming what may have been created and how to
 *   check and clean it.
 * - update (UpdateAsset, UpdateAssetGroup): read the object back; already as asked → done; else send it again.
 * - delete (DeleteAsset, DeleteAssetGroup): send it again; NotFound on the repeat means the first one worked.
 *
 * Throttled calls never reach this module as ambiguous: they were not applied and the client retries them within
 * its throttle budget.
 */
import type { GatewayClient } from "../client.js";
import { isGone, isSeedanceError } from "../errors.js";
import { oneLine } from "./implementation.js";

/** Writes of one object, at most, per create/update/delete: the first and up to five repeats after a lookup. */
export const MAX_WRITE_ATTEMPTS = 6;
/** Pause before repeat n: full jitter over min(MAX_PAUSE_MS, BASE_PAUSE_MS · 2^(n-1)) ms. */
export const BASE_PAUSE_MS = 250;
export const MAX_PAUSE_MS = 4_000;

/** Whether an error says a write may or may not have been applied (5xx, timeout, dropped connection after sending). */
export function isAmbiguous(error: unknown): boolean {
  return isSeedanceError(error) && error.mayHaveBeenApplied;
}

/** How a reconciled write ended. */
export interface Reconciled<T> {
  result: T;
  /** The write answered nothing certain this many times before it settled (0: it answered at once). */
  ambiguous: number;
  /** True when the result was found by looking (the write had been applied although its answer was lost). */
  observed: boolean;
}

/** One write to reconcile. */
export interface WriteSpec<T> {
  /** The write, e.g. `CreateAsset of asset "hero" (Image) in group group-…`; used in messages. */
  what: string;
  /** Sends the write once. */
  write(): Promise<T>;
  /**
   * After an ambiguous failure: the write's effect when it can be seen (→ done), or undefined when it was not
   * applied (→ write again). Omitted: repeating is harmless by itself (deletes). Throws when it cannot tell.
   */
  observe?: () => Promise<T | undefined>;
  /** Where the outcome cannot be checked at all: the error to raise instead of repeating (it names what to check). */
  unverifiable?: (error: unknown) => Error;
  /** Test hook: the pause before a repeat; default a timer. */
  pause?: (ms: number) => Promise<void>;
  /** Test hook: jitter in [0, 1); default Math.random. */
  random?: () => number;
}

/**
 * Runs a write, and after each ambiguous failure looks before repeating (see the module comment). Errors that are
 * not ambiguous are thrown as they are. After MAX_WRITE_ATTEMPTS ambiguous failures the last error is thrown, its
 * message saying that the object was looked for and not found (so the next `pulumi up` may safely try again).
 */
export async function reconcileWrite<T>(spec: WriteSpec<T>): Promise<Reconciled<T>> {
  const pause = spec.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = spec.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return { result: await spec.write(), ambiguous: attempt - 1, observed: false };
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      if (spec.unverifiable) throw spec.unverifiable(error);
      if (spec.observe) {
        const seen = await spec.observe();
        if (seen !== undefined) return { result: seen, ambiguous: attempt, observed: true };
      }
      if (attempt >= MAX_WRITE_ATTEMPTS) {
        const looked = spec.observe ? " and looked up after each: not applied" : "";
        throw new Error(`${spec.what} had no certain answer ${attempt} times${looked}; giving up for this run (run \`pulumi up\` again). Last error: ${oneLine(error)}`, { cause: error });
      }
      await pause(Math.floor(random() * Math.min(MAX_PAUSE_MS, BASE_PAUSE_MS * 2 ** (attempt - 1))));
    }
  }
}

/**
 * The error for a create whose outcome a gateway without a list action cannot check: it names the object, where it
 * would be, and how to find and remove it before running again.
 */
export function unverifiableCreate(what: { kind: "asset" | "asset group"; name: string; gateway: string; where: string; cleanup: string }, error: unknown): Error {
  return new Error(
    `${what.kind === "asset" ? "CreateAsset" : "CreateAssetGroup"} of ${what.kind} "${what.name}" ${what.where} on ${what.gateway} had no certain answer ` +
      `(${oneLine(error)}), and ${what.gateway} has no list action to check whether it was created. An ${what.kind} named "${what.name}" may now exist ` +
      `on ${what.gateway} outside the Pulumi state. Check: ${what.cleanup} Then run \`pulumi up\` again.`,
    { cause: error },
  );
}

/**
 * Deletes an asset or an asset group, reconciled: the gateway's documented not-found code counts as deleted (any
 * other failure, a bare 404 included, fails the delete), and after an ambiguous answer the object is read back
 * (GetAsset / GetAssetGroup): gone → the delete worked, else it is sent again.
 * @throws the gateway's error when the delete (or the read-back) fails otherwise.
 */
export async function reconciledDelete(client: Pick<GatewayClient, "call">, kind: "asset" | "group", id: string, projectName: string): Promise<void> {
  const request = { Id: id, ProjectName: projectName };
  const send = () => (kind === "asset" ? client.call("DeleteAsset", request) : client.call("DeleteAssetGroup", request));
  const read = () => (kind === "asset" ? client.call("GetAsset", request) : client.call("GetAssetGroup", request));
  await reconcileWrite({
    what: `${kind === "asset" ? "DeleteAsset" : "DeleteAssetGroup"} of ${id}`,
    write: async () => {
      try {
        await send();
      } catch (error) {
        if (!isGone(error, kind)) throw error;
      }
      return true;
    },
    observe: async () => {
      try {
        await read();
        return undefined;
      } catch (error) {
        if (isGone(error, kind)) return true;
        throw error;
      }
    },
  });
}
