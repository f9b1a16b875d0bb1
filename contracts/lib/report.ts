/**
 * The compatibility report: a Markdown page from one verification run — a gateway × action matrix (pass, fail,
 * skipped, unsupported from the gateway's capabilities, or not covered by the pact), then every failure with its
 * first mismatch, then every interaction. Written by each verification run (./verify.ts); never contains a
 * credential (only descriptions, state names and Pact's mismatch sentences, which quote response bodies).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { ACTIONS, type Action } from "../../provider/api.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { PROVIDERS } from "./names.js";
import { oneLine, type InteractionOutcome } from "./results.js";

/** The verification of one gateway, as the report shows it. */
export interface GatewayVerification {
  gateway: GatewayName;
  /** What was verified: `emulator`, or the base URL of a live gateway. */
  target: string;
  interactions: InteractionOutcome[];
  /** Set when verification could not run at all (e.g. the pact file is missing); shown instead of the matrix row. */
  error?: string;
}

/** The verdict of one gateway × action cell. */
export type CellStatus = "pass" | "fail" | "skipped" | "unsupported" | "not covered";

/** One cell: its status and the interaction counts behind it. */
export interface Cell {
  status: CellStatus;
  passed: number;
  failed: number;
  skipped: number;
}

/** The cell of an Action: unsupported (capabilities) wins, then any failure, then passes, then skips. */
export function cellOf(gateway: GatewayName, action: Action, interactions: readonly InteractionOutcome[]): Cell {
  const mine = interactions.filter((i) => i.action === action);
  const count = (s: InteractionOutcome["status"]) => mine.filter((i) => i.status === s).length;
  const cell = { passed: count("pass"), failed: count("fail"), skipped: count("skipped") };
  if (!getDialect(gateway).capabilities.actions.includes(action)) return { status: "unsupported", ...cell };
  if (mine.length === 0) return { status: "not covered", ...cell };
  if (cell.failed > 0) return { status: "fail", ...cell };
  if (cell.passed > 0) return { status: "pass", ...cell };
  return { status: "skipped", ...cell };
}

function renderCell(cell: Cell): string {
  switch (cell.status) {
    case "unsupported":
      return "unsupported";
    case "not covered":
      return "not covered";
    case "fail":
      return `**FAIL** ${cell.failed}/${cell.passed + cell.failed}${cell.skipped ? `, ${cell.skipped} skipped` : ""}`;
    case "pass":
      return `pass ${cell.passed}${cell.skipped ? `, ${cell.skipped} skipped` : ""}`;
    case "skipped":
      return `skipped ${cell.skipped}`;
  }
}

/** Markdown-safe table text: pipes escaped, one line. */
function md(text: string): string {
  return oneLine(text).replace(/\|/g, "\\|");
}

/** Options of renderReport. */
export interface ReportOptions {
  /** Page title; default "Contract compatibility report". */
  title?: string;
  /** Lines shown under the title (what was verified, when, with which flags). No credentials. */
  notes?: readonly string[];
}

/** The report as Markdown. */
export function renderReport(verifications: readonly GatewayVerification[], options: ReportOptions = {}): string {
  const lines: string[] = [`# ${options.title ?? "Contract compatibility report"}`, ""];
  for (const note of options.notes ?? []) lines.push(`${note}  `);
  if (options.notes?.length) lines.push("");

  const total = verifications.flatMap((v) => v.interactions);
  const n = (s: InteractionOutcome["status"]) => total.filter((i) => i.status === s).length;
  const broken = verifications.filter((v) => v.error).length;
  lines.push(
    `**${n("fail") === 0 && broken === 0 ? "Compatible" : "Incompatible"}**: ${n("pass")} passed, ${n("fail")} failed, ${n("skipped")} skipped` +
      `${broken ? `, ${broken} gateway(s) not verified` : ""} (${total.length} interactions, ${verifications.length} gateway(s)).`,
    "",
  );

  lines.push(`| gateway | target | ${ACTIONS.join(" | ")} |`, `|---|---|${ACTIONS.map(() => "---").join("|")}|`);
  for (const v of verifications) {
    const cells = v.error ? ACTIONS.map(() => "—") : ACTIONS.map((a) => renderCell(cellOf(v.gateway, a, v.interactions)));
    lines.push(`| ${v.gateway} (\`${PROVIDERS[v.gateway]}\`) | ${md(v.target)} | ${cells.join(" | ")} |`);
  }
  lines.push("", "Cells count interactions: `pass 3` = three interactions of that action passed. `unsupported` comes from the gateway's capabilities (provider/gateways).", "");

  const errors = verifications.filter((v) => v.error);
  if (errors.length) {
    lines.push("## Not verified", "");
    for (const v of errors) lines.push(`- **${v.gateway}**: ${md(v.error!)}`);
    lines.push("");
  }

  const failures = verifications.flatMap((v) => v.interactions.filter((i) => i.status === "fail").map((i) => ({ v, i })));
  if (failures.length) {
    lines.push("## Failures (first mismatch of each)", "");
    for (const { v, i } of failures) {
      const first = i.mismatches[0];
      const more = i.mismatches.length > 1 ? ` (+${i.mismatches.length - 1} more)` : "";
      lines.push(`- **${v.gateway}** — ${md(i.description)}${statesOf(i)}`);
      if (first) {
        lines.push(`  - at \`${first.where}\`: ${md(first.text)}${more}`);
        if (first.expected !== undefined || first.actual !== undefined) {
          lines.push(`  - expected \`${md(first.expected ?? "?")}\`, actual \`${md(first.actual ?? "?")}\``);
        }
      }
    }
    lines.push("");
  }

  lines.push("## Interactions", "");
  for (const v of verifications) {
    if (v.error) continue;
    lines.push(`### ${v.gateway}`, "", "| interaction | given | result |", "|---|---|---|");
    for (const i of v.interactions) {
      const result = i.status === "skipped" ? `skipped (${i.reason ?? "filtered"})` : i.status === "fail" ? "**FAIL**" : "pass";
      lines.push(`| ${md(i.description)} | ${md(i.providerStates.join("; ") || "—")} | ${md(result)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function statesOf(i: InteractionOutcome): string {
  return i.providerStates.length ? ` (given ${i.providerStates.map((s) => `"${s}"`).join(", ")})` : "";
}

/** Writes a report, creating its folder. */
export function writeReport(file: string, markdown: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}
