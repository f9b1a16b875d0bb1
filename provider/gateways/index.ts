/**
 * The gateway registry and its capability table: the one place that maps a gateway name to its dialect.
 */
import type { Action } from "../api.js";
import { agentsflare } from "./agentsflare.js";
import { anyfast } from "./anyfast.js";
import { GATEWAY_NAMES, type Capabilities, type Dialect, type GatewayName } from "./dialect.js";
import { globalaiopc } from "./globalaiopc.js";
import { gogogotoken } from "./gogogotoken.js";
import { byteplus, volcengine } from "./native.js";

export * from "./dialect.js";

/** Every dialect, in GATEWAY_NAMES order. */
export const DIALECTS: readonly Dialect[] = [volcengine, byteplus, anyfast, gogogotoken, agentsflare, globalaiopc];

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

/** Whether a gateway serves an Action. */
export function supports(capabilities: Capabilities, action: Action): boolean {
  return capabilities.actions.includes(action);
}

/** The capability table as Markdown (README, reports and the issue note are generated from it). */
export function capabilityTableMarkdown(): string {
  const rows = DIALECTS.map((d) => {
    const c = d.capabilities;
    return `| ${d.name} | ${c.auth === "aksk" ? "AK/SK" : "Bearer"} | ${c.actions.join(", ")} | ${c.groups ? "yes" : "no"} | ${c.assetTypes.join(", ")} | ${c.uploads.join(", ")} | ${c.listAssetsByStatus ? "yes" : "no"} |`;
  });
  return [
    "| gateway | auth | actions | groups | asset types | uploads | ListAssets by status |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}
