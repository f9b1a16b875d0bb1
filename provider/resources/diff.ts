/**
 * Declarative diffs: each resource declares which of its inputs replace it and which change in place, and one
 * helper derives the dynamic provider's `diff` from that declaration (the Terraform `RequiresReplace()` habit,
 * as in hashicorp/terraform-provider-random).
 */
import type * as pulumi from "@pulumi/pulumi";

/** What the engine passes for a value that is not known yet (preview). Check and diff must tolerate it anywhere. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether a value is, or contains, the unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** The inputs a diff compares, by name. */
export type Fields<T> = readonly (keyof T & string)[];

/** A resource's diff, declared once. */
export interface DiffSpec<T> {
  /** Inputs whose change replaces the resource ("changing this replaces the asset"). */
  replaceOnChange: Fields<T>;
  /** Inputs changed in place by `update`. Inputs in neither list never cause a change (e.g. `adopt`). */
  updateInPlace: Fields<T>;
  /**
   * How a field is compared, when not by deep equality of its value: e.g. a source compares by URL or by the
   * content hash of its file, not by the file's path.
   */
  identity?: { readonly [K in keyof T]?: (value: T[K]) => unknown };
  /**
   * The name that must stay unique, and the fields that scope it: a replacement that keeps the name inside the
   * same scope deletes the old resource first (the gateway refuses a duplicate name there).
   */
  uniqueName?: { field: keyof T & string; scope: Fields<T> };
  /** Replaces whatever the inputs say when the old state is beyond repair (e.g. a Failed asset); names the reason key. */
  replaceWhen?: (olds: Partial<T>) => string | undefined;
  /** Updates whatever the inputs say when the old state is unfinished (e.g. an asset still Processing: update waits). */
  updateWhen?: (olds: Partial<T>) => boolean;
}

/**
 * The diff of old state against new inputs by the declaration. A field that is unknown in the new inputs counts as
 * changed (it will most likely differ: its source is being replaced). `olds` are the old outputs, which carry
 * every input (outs = inputs + computed).
 */
export function diffBySpec<T extends object>(spec: DiffSpec<T>, olds: Partial<T>, news: Partial<T>): pulumi.dynamic.DiffResult {
  const changed = (field: keyof T & string): boolean => {
    const next = news[field];
    if (containsUnknown(next)) return true;
    const identity = spec.identity?.[field] as ((value: unknown) => unknown) | undefined;
    const view = (value: unknown) => (identity && value !== undefined ? identity(value) : value);
    return !deepEqual(view(olds[field]), view(next));
  };
  const replaces: string[] = spec.replaceOnChange.filter(changed);
  const forced = spec.replaceWhen?.(olds);
  if (forced && !replaces.includes(forced)) replaces.push(forced);
  const updates: string[] = spec.updateInPlace.filter(changed);
  if (spec.updateWhen?.(olds)) updates.push("(unfinished)");
  let deleteBeforeReplace = false;
  if (replaces.length > 0 && spec.uniqueName) {
    const { field, scope } = spec.uniqueName;
    deleteBeforeReplace = !changed(field) && !scope.some(changed);
  }
  return {
    changes: replaces.length > 0 || updates.length > 0,
    replaces,
    ...(deleteBeforeReplace ? { deleteBeforeReplace } : {}),
  };
}

/** Structural equality of JSON-like values; `undefined` and a missing key are equal. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}
