/**
 * The gateway registry and its capability table: the one place that lists the gateways. Every other list of
 * gateways (configuration checks, CLI usage, credential variables, Pact provider names, tiers) is derived from it,
 * so adding a gateway is its dialect file plus one line here.
 */
import { ACTIONS, VISUAL_VALIDATE_ACTIONS, type Action } from "../api.js";
import { agentsflare } from "./agentsflare.js";
import { anyfast } from "./anyfast.js";
import { doubaoOpen } from "./doubao-open.js";
import type { Capabilities, Dialect } from "./dialect.js";
import { globalaiopc } from "./globalaiopc.js";
import { gogogotoken } from "./gogogotoken.js";
import { byteplus, volcengine } from "./native.js";

export * from "./dialect.js";

/** The registry: each gateway's dialect by the name users configure (the key must equal the dialect's `name`). */
const REGISTRY = { volcengine, byteplus, anyfast, gogogotoken, agentsflare, globalaiopc, "doubao-open": doubaoOpen } satisfies Record<string, Dialect>;

/** The gateways this project speaks, by the names users put in configuration. */
export type GatewayName = keyof typeof REGISTRY;

/** Every gateway name, in registry order. */
export const GATEWAY_NAMES = Object.keys(REGISTRY) as [GatewayName, ...GatewayName[]];

/** Every dialect, in GATEWAY_NAMES order. */
export const DIALECTS: readonly Dialect[] = Object.values(REGISTRY);

/** The prefix of a gateway's own environment variables: `BYTEPLUS` for `byteplus`, `DOUBAO_OPEN` for `doubao-open`. */
export function envPrefixOf(name: GatewayName): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

/** The gateways that sign with AK/SK (their own `<PREFIX>_ACCESS_KEY_ID` … variables name the credentials). */
export function akskGateways(): GatewayName[] {
  return DIALECTS.filter((d) => d.capabilities.auth === "aksk").map((d) => d.name);
}

/** Whether a string names a known gateway. */
export function isGatewayName(value: string): value is GatewayName {
  return (GATEWAY_NAMES as readonly string[]).includes(value);
}

/**
 * The dialect of a gateway.
 * @throws Error naming the known gateways when `name` is not one of them.
 */
export function getDialect(name: string): Dialect {
  const dialect = DIALECTS.find((d) => d.name === name);
  if (!dialect) throw new Error(`Unknown gateway "${name}": expected one of ${GATEWAY_NAMES.join(", ")}.`);
  return dialect;
}

/**
 * The Actions a gateway serves, in words: `all 10`, `all but DeleteAsset, DeleteAssetGroup`, or the list, then
 * `real-person verification` when it serves both verification Actions.
 */
export function describeActions(capabilities: Capabilities): string {
  const served = new Set<Action>(capabilities.actions);
  const missing = ACTIONS.filter((a) => !served.has(a));
  const assets = missing.length === 0 ? `all ${ACTIONS.length}` : missing.length <= 2 ? `all but ${missing.join(", ")}` : ACTIONS.filter((a) => served.has(a)).join(", ");
  return servesVerification(capabilities) ? `${assets}, real-person verification` : assets;
}

/**
 * Whether a gateway serves real-person verification (both VISUAL_VALIDATE_ACTIONS): only there can `LivenessFace`
 * groups exist (provider/api.ts).
 */
export function servesVerification(capabilities: Capabilities): boolean {
  return VISUAL_VALIDATE_ACTIONS.every((action) => capabilities.actions.includes(action));
}

/**
 * The capability table as Markdown, one row per dialect. README.md "Gateways" is generated from it
 * (scripts/docs-tables.mts; test/unit/docs-tables.test.ts fails when the README's copy is stale).
 */
export function capabilityTableMarkdown(): string {
  const rows = DIALECTS.map((d) => {
    const c = d.capabilities;
    return `| ${d.name} | ${c.auth === "aksk" ? "AK/SK" : "Bearer"} | ${describeActions(c)} | ${c.groups ? "yes" : "no"} | ${c.assetTypes.join(", ")} | ${c.uploads.join(", ")} | ${c.listAssetsByStatus ? "yes" : "no"} |`;
  });
  return [
    "| gateway | auth | actions | groups | asset types | uploads | ListAssets by status |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
