/**
 * The names every part of the contract kit agrees on: the consumer, the provider name of each gateway, where pact
 * files and reports live, and the description convention that ties an interaction to its Action.
 *
 * Interaction descriptions are `"<Action>: <case>"` (e.g. `"GetAsset: a Failed asset"`), so a verification result,
 * which only carries the description, can be put back in its gateway × action cell of the compatibility report.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ALL_ACTIONS, type Action } from "../../provider/api.js";
import type { GatewayName } from "../../provider/gateways/dialect.js";
import { DIALECTS } from "../../provider/gateways/index.js";

/** The consumer of every pact. */
export const CONSUMER = "pulumi-seedance-assets";

/** The Pact provider name of each gateway. */
export const PROVIDERS: Readonly<Record<GatewayName, string>> = Object.fromEntries(DIALECTS.map((d) => [d.name, d.pactProvider ?? d.name])) as Record<GatewayName, string>;

/**
 * The repository root: the nearest folder above this module (`contracts/lib/` in the sources, `dist/contracts/lib/`
 * once compiled) whose package.json is this package's; `SEEDANCE_CONTRACTS_ROOT` overrides it.
 */
export function repoRoot(): string {
  const override = process.env["SEEDANCE_CONTRACTS_ROOT"];
  if (override) return resolve(override);
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const manifest = resolve(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "pulumi-seedance-assets") return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** `contracts/pacts`: the committed pact files, one per gateway. */
export function pactDir(): string {
  return resolve(repoRoot(), "contracts/pacts");
}

/** `contracts/reports`: the compatibility reports of verification runs. */
export function reportDir(): string {
  return resolve(repoRoot(), "contracts/reports");
}

/** The pact file of a gateway: `<consumer>-<provider>.json` (the name Pact JS writes). */
export function pactFile(gateway: GatewayName): string {
  return resolve(pactDir(), `${CONSUMER}-${PROVIDERS[gateway]}.json`);
}

/** Actions that cost money on the real services: live verification runs them only with `--allow-billed`. */
export const BILLED_ACTIONS: ReadonlySet<Action> = new Set<Action>(["CreateAssetGroup", "CreateAsset"]);

/** An interaction description in the `"<Action>: <case>"` convention. */
export function interactionName(action: Action, what: string): string {
  return `${action}: ${what}`;
}

/** The Action an interaction description names, or undefined when it does not follow the convention. */
export function actionOfDescription(description: string): Action | undefined {
  const head = /^([A-Za-z]+):/.exec(description)?.[1];
  return (ALL_ACTIONS as readonly string[]).includes(head ?? "") ? (head as Action) : undefined;
}
