/**
 * Reading what the Pact verifier says. `Verifier.verifyProvider()` resolves with a JSON string of results and, on
 * a failed verification, rejects with an Error whose message is that same JSON (pact-core's nativeVerifier); other
 * failures (a crash, bad arguments) reject with plain text. This module turns either into one outcome per
 * interaction, with each mismatch as a `{where, text}` pair instead of Pact's one long string.
 */
import { actionOfDescription } from "./names.js";
import type { Action } from "../../provider/api.js";

/** One difference between the expected and the actual response. */
export interface Mismatch {
  /** `status`, `body $.Result.Status`, `header Content-Type`, `state "an asset exists"`, … */
  where: string;
  /** Pact's own sentence, e.g. `Expected 'Processing' (String) to be equal to 'Active' (String)`. */
  text: string;
  expected?: string;
  actual?: string;
}

/** The verdict on one interaction. `skipped` ones were never sent (billed, or their state cannot be set up). */
export interface InteractionOutcome {
  description: string;
  /** From the description convention (names.ts); undefined for descriptions that do not follow it. */
  action: Action | undefined;
  providerStates: string[];
  status: "pass" | "fail" | "skipped";
  /** Why an interaction was skipped, e.g. `billed` or `state "the rate limit is exceeded" cannot be set up live`. */
  reason?: string;
  mismatches: Mismatch[];
}

/** The parts of pact-core's results JSON this kit reads. */
interface RawMismatch {
  type?: string;
  path?: string;
  key?: string;
  mismatch?: string;
  expected?: unknown;
  actual?: unknown;
  description?: string;
}
interface RawInteractionResult {
  description?: string;
  providerStates?: string[];
  result?: string;
  mismatch?: { type?: string; mismatches?: RawMismatch[]; message?: string; error?: string };
}
interface RawResults {
  result?: boolean;
  interactionResults?: RawInteractionResult[];
  errors?: { interaction?: string; mismatch?: RawInteractionResult["mismatch"] }[];
  output?: string[];
}

/** Parsed verifier results: per-interaction outcomes, the overall verdict and the console output lines. */
export interface ParsedResults {
  ok: boolean;
  interactions: InteractionOutcome[];
  /** The verifier's console report, ANSI colours removed, one line per entry. */
  output: string[];
}

/**
 * Parses the verifier's JSON results (the resolved value, or the message of the rejection).
 * @returns undefined when `text` is not the results JSON (e.g. "Verification was unable to run").
 */
export function parseVerifierResults(text: string): ParsedResults | undefined {
  let raw: RawResults;
  try {
    raw = JSON.parse(text) as RawResults;
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null || !Array.isArray(raw.interactionResults)) return undefined;
  const interactions = raw.interactionResults.map((r): InteractionOutcome => {
    const description = r.description ?? "(no description)";
    const mismatches = toMismatches(r.mismatch);
    const passed = /^(ok|success)$/i.test(r.result ?? "") || (r.result === undefined && mismatches.length === 0);
    return {
      description,
      action: actionOfDescription(description),
      providerStates: r.providerStates ?? [],
      status: passed ? "pass" : "fail",
      mismatches: passed ? [] : mismatches.length > 0 ? mismatches : [{ where: "verification", text: r.result ?? "failed" }],
    };
  });
  const output = (raw.output ?? []).flatMap((chunk) => stripAnsi(chunk).split("\n"));
  return { ok: raw.result ?? interactions.every((i) => i.status === "pass"), interactions, output };
}

function toMismatches(mismatch: RawInteractionResult["mismatch"]): Mismatch[] {
  if (!mismatch) return [];
  if (mismatch.type === "error" || (!mismatch.mismatches && (mismatch.message || mismatch.error))) {
    return [{ where: "verification", text: stripAnsi(String(mismatch.message ?? mismatch.error ?? "error")) }];
  }
  // Pact lists the status mismatch last; a reader wants it first.
  return (mismatch.mismatches ?? []).map(toMismatch).sort((a, b) => rank(a) - rank(b));
}

function rank(m: Mismatch): number {
  return m.where === "status" ? 0 : m.where.startsWith("header") ? 1 : 2;
}

function toMismatch(raw: RawMismatch): Mismatch {
  const text = stripAnsi(raw.mismatch ?? raw.description ?? JSON.stringify(raw));
  const where =
    raw.type === "StatusMismatch"
      ? "status"
      : raw.type === "HeaderMismatch"
        ? `header ${raw.key ?? ""}`.trim()
        : raw.type === "BodyTypeMismatch"
          ? "body content type"
          : raw.type === "BodyMismatch"
            ? `body ${raw.path ?? "$"}`
            : (raw.type ?? "mismatch");
  const out: Mismatch = { where, text };
  if (raw.expected !== undefined) out.expected = typeof raw.expected === "string" ? raw.expected : JSON.stringify(raw.expected);
  if (raw.actual !== undefined) out.actual = typeof raw.actual === "string" ? raw.actual : JSON.stringify(raw.actual);
  return out;
}

/** One line per mismatch: `  - body $.Result.Status: Expected 'Processing' … to be equal to 'Active' …`. */
export function formatMismatches(mismatches: readonly Mismatch[], indent = "  "): string {
  return mismatches.map((m) => `${indent}- ${m.where}: ${oneLine(m.text)}`).join("\n");
}

/**
 * A readable failure summary of a verification: each failed interaction with its states and its mismatches,
 * one per line. Empty when nothing failed.
 */
export function formatFailures(interactions: readonly InteractionOutcome[]): string {
  return interactions
    .filter((i) => i.status === "fail")
    .map((i) => {
      const given = i.providerStates.length ? ` (given ${i.providerStates.map((s) => `"${s}"`).join(", ")})` : "";
      return `✗ ${i.description}${given}\n${formatMismatches(i.mismatches, "    ")}`;
    })
    .join("\n");
}

/** Removes ANSI colour codes (the verifier colours its console output). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, "");
}

/** Collapses a multi-line text (Pact puts body diffs on several lines) into one line. */
export function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
