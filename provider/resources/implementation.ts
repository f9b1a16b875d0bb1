/**
 * The shape of a resource kind's implementation (what ./provider.ts delegates to), and small helpers shared by the
 * two implementations.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * A resource kind's provider logic over its state type `S` (checked inputs + outputs). `olds` of diff/update and
 * `props` of read/delete are the stored outputs, which carry every input (outs = inputs + computed).
 */
export interface Implementation<S> {
  check(olds: Record<string, unknown>, news: Record<string, unknown>): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Partial<S>, news: S): Promise<pulumi.dynamic.DiffResult>;
  create(inputs: S): Promise<pulumi.dynamic.CreateResult<S>>;
  read(id: string, props: Partial<S>): Promise<pulumi.dynamic.ReadResult<Partial<S>>>;
  update(id: string, olds: Partial<S>, news: S): Promise<pulumi.dynamic.UpdateResult<S>>;
  delete(id: string, props: Partial<S>): Promise<void>;
}

/** The listed keys of an object that are defined. */
export function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/** An error's message on one line, for check failures and reasons. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, " ").trim();
}
