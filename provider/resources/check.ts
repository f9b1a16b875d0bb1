/**
 * Input validation for the dynamic providers' `check`: each input is validated on its own by a zod schema whose
 * messages carry the rule and the fix, unknown values (preview) are let through, and every problem becomes a
 * Pulumi check failure `{property, reason}` — the engine prints it with the resource's type and name, so the user
 * sees resource, field, rule and fix together.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { UNKNOWN } from "./diff.js";

/** Schemas of a resource's inputs, by input name. */
export type FieldSchemas = Record<string, z.ZodType>;

/** The result of checkFields: the validated (defaulted) inputs and the failures. */
export interface FieldCheck {
  inputs: Record<string, unknown>;
  failures: pulumi.dynamic.CheckFailure[];
}

/**
 * Validates each field of `news` by its schema. Keys without a schema are dropped (e.g. `__provider`, which the
 * host puts back itself); unknown values pass through untouched; defaults of the schemas apply.
 */
export function checkFields(schemas: FieldSchemas, news: Record<string, unknown>): FieldCheck {
  const inputs: Record<string, unknown> = {};
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const [field, schema] of Object.entries(schemas)) {
    const value = news[field];
    if (value === UNKNOWN) {
      inputs[field] = value;
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) inputs[field] = parsed.data;
    } else {
      failures.push({ property: field, reason: parsed.error.issues.map((issue) => issue.message).join("; ") });
    }
  }
  return { inputs, failures };
}

/** A required name of at most `max` characters. */
export function nameSchema(what: string, max = 64): z.ZodType<string> {
  return z
    .string({ error: `is required and must be a string. Fix: give the ${what} a name of 1 to ${max} characters.` })
    .min(1, { error: `must not be empty. Fix: give the ${what} a name of 1 to ${max} characters.` })
    .max(max, { error: (issue) => `is ${String((issue.input as string).length)} characters long, more than ${max}. Fix: shorten it to ${max} characters or fewer.` });
}

/** An optional project name (at most 64 characters). */
export const projectNameSchema = z
  .string({ error: "must be a string. Fix: set projectName to the Ark project that holds the assets, or leave it unset for the configured default." })
  .min(1, { error: "must not be empty. Fix: leave it unset for the default project." })
  .max(64, { error: "must be at most 64 characters. Fix: use the project's exact name." })
  .optional();

/** An optional profile name (a key of `seedance:profiles`). */
export const profileSchema = z
  .string({ error: "must be a string. Fix: name a profile of seedance:profiles, or leave it unset for the top-level configuration." })
  .min(1, { error: "must not be empty. Fix: leave it unset for the top-level configuration." })
  .optional();

/** The opt-in to adopt an existing object of the same name. */
export const adoptSchema = z.boolean({ error: "must be true or false." }).default(false);
