/**
 * Parallelism that fits the library. The engine runs at most `--parallel` resource operations at once (default
 * 4 × CPUs — pulumi/pulumi#15016 — so 8 on two cores; `PULUMI_PARALLEL` sets it, pulumi/pulumi#18782), and an Asset's
 * create holds its slot until the gateway says Active. With fewer slots than resources, a large library is paced by
 * the slots and the processing time, not by the gateway's rate limit; with a slot per resource, the client's rate
 * limiter alone paces the calls. The program learns the engine's setting from the Node SDK: `@pulumi/pulumi`
 * cmd/run puts `--parallel` into `PULUMI_NODEJS_PARALLEL` (runtime/state.js reads its options from there).
 */
import * as pulumi from "@pulumi/pulumi";

/** The engine's parallelism as this program received it, or undefined when unknown or unbounded. */
export function engineParallelism(env: Readonly<Record<string, string | undefined>> = process.env): number | undefined {
  const value = Number.parseInt(env["PULUMI_NODEJS_PARALLEL"] ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The warning for `resources` Seedance resources under an engine parallelism of `parallel`, naming the setting to
 * use; undefined when every resource gets a slot (or the parallelism is unknown).
 */
export function parallelismAdvice(resources: number, parallel: number | undefined): string | undefined {
  if (parallel === undefined || parallel >= resources) return undefined;
  return (
    `This program declares ${resources} Seedance resources but the engine runs ${parallel} operations at once, and each asset holds one ` +
    `while it waits to become Active: a large update can be paced by those slots instead of the gateway's rate limit. ` +
    `Run with PULUMI_PARALLEL=${resources} (or pulumi up --parallel ${resources}).`
  );
}

let declared = 0;
let scheduled = false;

/**
 * Counts a declared resource; once the program's synchronous part is done, warns (once) when the engine's
 * parallelism is below the count. Called by the AssetGroup and Asset constructors.
 */
export function countDeclared(): void {
  declared++;
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    const advice = parallelismAdvice(declared, engineParallelism());
    if (advice) void pulumi.log.warn(advice);
  });
}
