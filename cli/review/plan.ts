/**
 * What a `pulumi preview --json` of an asset library will change, by group and asset, in the words a reviewer uses:
 * create, rename, update, replace (and which input forces it), delete.
 *
 * Why not Pulumi's own diff: `preview --json` carries no `detailedDiff` for dynamic resources (the dynamic-provider
 * server never sets it; pulumi/pulumi sdk/nodejs/cmd/dynamic-provider/index.ts), so the changed inputs are worked out
 * here from each step's `oldState.inputs` and `newState.inputs`, which the preview does carry (after `check`, so a
 * local file's source already holds its content hash). `replaceReasons` comes from the provider's `diff` and names
 * the inputs that force a replacement.
 */

/** The type tokens of this package's resources, as Pulumi prints them (provider/resources/provider.ts). */
export const ASSET_TYPE = "pulumi-nodejs:dynamic/seedance:Asset";
export const ASSET_GROUP_TYPE = "pulumi-nodejs:dynamic/seedance:AssetGroup";

/** Pulumi's marker for a value not known during preview (an output of a resource that is itself changing). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The part of a `pulumi preview --json` document this module reads. */
export interface PreviewDocument {
  config?: Record<string, string>;
  steps?: PreviewStep[];
  diagnostics?: PreviewDiagnostic[];
}

/** One step of a preview (`op`: `same`, `create`, `update`, `replace`, `delete`, `create-replacement`, …). */
export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: StepState;
  newState?: StepState;
  replaceReasons?: string[];
}

/** A resource's state in a step: `inputs` as the provider's `check` returned them, `outputs` as stored. */
export interface StepState {
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  retainOnDelete?: boolean;
}

/** What happens to one resource. `rename` is an update that changes only the name. */
export type ChangeKind = "create" | "rename" | "update" | "replace" | "delete";

/** A media source as the state holds it: a URL, or a project-relative file with the SHA-256 of its content. */
export interface SourceValue {
  url?: string;
  file?: string;
  sha256?: string;
}

/** One input that differs between the stored and the declared state. */
export interface InputChange {
  input: string;
  before: unknown;
  after: unknown;
}

/** One asset's change. `key` is the library key (`<group>/<asset>`), also the Pulumi resource name. */
export interface AssetChange {
  kind: ChangeKind;
  key: string;
  /** The asset's key inside its group (the resource name after the last `/`). */
  assetKey: string;
  id?: string;
  assetType?: string;
  nameBefore?: string;
  nameAfter?: string;
  sourceBefore?: SourceValue;
  sourceAfter?: SourceValue;
  /** Inputs that differ (update, replace); empty for create and delete. */
  changes: InputChange[];
  /** For a replace: the inputs that force it, as the provider's diff reported them. */
  replaceReasons: string[];
  /** The resource is protected: Pulumi will refuse to delete or replace it. */
  protect: boolean;
  /** The resource is retained on delete: Pulumi forgets it but leaves it on the gateway. */
  retainOnDelete: boolean;
}

/** One group's change (absent when only its assets change). */
export interface GroupChange {
  kind: ChangeKind;
  key: string;
  id?: string;
  nameBefore?: string;
  nameAfter?: string;
  changes: InputChange[];
  replaceReasons: string[];
  protect: boolean;
  retainOnDelete: boolean;
}

/** A group of the library with what happens to it and to its assets. `key` is `""` for assets outside groups. */
export interface GroupReview {
  key: string;
  change?: GroupChange;
  assets: AssetChange[];
  /** The group's assets in the stack before and after the change; undefined without the stack's state. */
  assetsBefore?: number;
  assetsAfter?: number;
}

/** The part of `pulumi stack export` this module reads: which resources the stack holds. */
export interface StateDocument {
  deployment?: { resources?: { urn: string; type: string }[] };
}

/** An error or warning the preview reported (`pulumi preview --json` `diagnostics`), e.g. a protected resource. */
export interface PreviewDiagnostic {
  urn?: string;
  message: string;
  severity: string;
}

/** The whole review: groups in key order, assets in key order, and the totals. */
export interface ReviewPlan {
  groups: GroupReview[];
  counts: Record<ChangeKind, number>;
  /** Assets and groups created and deleted (a replace counts as neither). */
  delta: { assetsCreated: number; assetsDeleted: number; groupsCreated: number; groupsDeleted: number };
  /** Assets and groups in the stack before and after the change; undefined without the stack's state. */
  totals?: { assetsBefore: number; assetsAfter: number; groupsBefore: number; groupsAfter: number };
  /** Errors the preview reported (it failed: `pulumi up` would fail the same way). */
  errors: PreviewDiagnostic[];
  /** `seedance:*` configuration of the stack, secrets masked by Pulumi (`[secret]`). */
  config: Record<string, string>;
}

/**
 * Inputs that are bookkeeping, never a change a reviewer should see: the serialized provider, and the create-time
 * adoption switches (`adopt`, `groupManaged`), which the resources' diff ignores (provider/resources/asset.ts
 * ASSET_DIFF): Pulumi plans no update for them alone.
 */
const IGNORED_INPUTS = new Set(["__provider", "adopt", "groupManaged"]);

/**
 * Builds the review of a preview. `pulumi preview --json` lists only what changes, so the totals (for the quota)
 * need the stack's current state as `pulumi stack export` prints it.
 * @param preview the parsed output of `pulumi preview --json` (also of a failed preview: its steps and diagnostics).
 * @param state the parsed output of `pulumi stack export`, optional.
 * @throws Error when the document has no `steps` array (not a `pulumi preview --json` output).
 */
export function planReview(preview: PreviewDocument, state?: StateDocument): ReviewPlan {
  if (!Array.isArray(preview.steps)) {
    throw new Error("the input is not the output of `pulumi preview --json`: it has no `steps` array. Fix: run `pulumi preview --json > preview.json` and pass that file.");
  }
  const resources = state?.deployment?.resources;
  const groups = new Map<string, GroupReview>();
  const groupOf = (key: string) => {
    let group = groups.get(key);
    if (!group) {
      group = { key, assets: [] };
      if (resources) {
        const held = resources.filter((r) => r.type === ASSET_TYPE && groupKeyOf(resourceName(r.urn)) === key).length;
        group.assetsBefore = held;
        group.assetsAfter = held;
      }
      groups.set(key, group);
    }
    return group;
  };
  const counts: Record<ChangeKind, number> = { create: 0, rename: 0, update: 0, replace: 0, delete: 0 };
  const delta = { assetsCreated: 0, assetsDeleted: 0, groupsCreated: 0, groupsDeleted: 0 };

  for (const step of mergeReplacementSteps(preview.steps)) {
    const type = step.newState?.type ?? step.oldState?.type;
    if (type !== ASSET_TYPE && type !== ASSET_GROUP_TYPE) continue;
    const key = resourceName(step.urn);
    const before = step.op === "create" ? undefined : step.oldState;
    const after = step.op === "delete" ? undefined : step.newState;
    const kind = changeKind(step.op, before?.inputs, after?.inputs);
    if (type === ASSET_GROUP_TYPE) {
      if (kind === "create") delta.groupsCreated++;
      if (kind === "delete") delta.groupsDeleted++;
      const group = groupOf(key);
      if (kind) {
        counts[kind]++;
        group.change = {
          kind,
          key,
          ...(before?.id ? { id: before.id } : {}),
          ...names(before, after),
          changes: inputChanges(before?.inputs, after?.inputs),
          replaceReasons: step.replaceReasons ?? [],
          protect: Boolean(before?.protect ?? after?.protect),
          retainOnDelete: Boolean(before?.retainOnDelete ?? after?.retainOnDelete),
        };
      }
      continue;
    }
    const slash = key.lastIndexOf("/");
    const group = groupOf(groupKeyOf(key));
    if (!kind) continue;
    if (kind === "create") {
      delta.assetsCreated++;
      if (group.assetsAfter !== undefined) group.assetsAfter++;
    }
    if (kind === "delete") {
      delta.assetsDeleted++;
      if (group.assetsAfter !== undefined) group.assetsAfter--;
    }
    counts[kind]++;
    const assetType = (after?.inputs?.["assetType"] ?? before?.inputs?.["assetType"]) as string | undefined;
    group.assets.push({
      kind,
      key,
      assetKey: slash >= 0 ? key.slice(slash + 1) : key,
      ...(before?.id ? { id: before.id } : {}),
      ...(assetType ? { assetType } : {}),
      ...names(before, after),
      ...(before?.inputs?.["source"] ? { sourceBefore: before.inputs["source"] as SourceValue } : {}),
      ...(after?.inputs?.["source"] ? { sourceAfter: after.inputs["source"] as SourceValue } : {}),
      changes: kind === "create" || kind === "delete" ? [] : inputChanges(before?.inputs, after?.inputs),
      replaceReasons: step.replaceReasons ?? [],
      protect: Boolean(before?.protect ?? after?.protect),
      retainOnDelete: Boolean(before?.retainOnDelete ?? after?.retainOnDelete),
    });
  }

  const sorted = [...groups.values()].filter((g) => g.change || g.assets.length || g.key !== "");
  sorted.sort((a, b) => compareText(a.key, b.key));
  for (const group of sorted) group.assets.sort((a, b) => compareText(a.key, b.key));
  const config = Object.fromEntries(Object.entries(preview.config ?? {}).filter(([k]) => k.startsWith("seedance:")));
  // Pulumi closes a failed preview with a generic "error: preview failed" after the real errors: keep the real ones.
  const errors = (preview.diagnostics ?? []).filter((d) => d.severity === "error" && !/^error: preview failed\s*$/.test(d.message));
  const plan: ReviewPlan = { groups: sorted, counts, delta, errors, config };
  if (resources) {
    const assetsBefore = resources.filter((r) => r.type === ASSET_TYPE).length;
    const groupsBefore = resources.filter((r) => r.type === ASSET_GROUP_TYPE).length;
    plan.totals = {
      assetsBefore,
      assetsAfter: assetsBefore + delta.assetsCreated - delta.assetsDeleted,
      groupsBefore,
      groupsAfter: groupsBefore + delta.groupsCreated - delta.groupsDeleted,
    };
  }
  return plan;
}

/** The group key of an asset's resource name (`<group>/<asset>`), or `""` outside groups. */
function groupKeyOf(assetKey: string): string {
  const slash = assetKey.lastIndexOf("/");
  return slash >= 0 ? assetKey.slice(0, slash) : "";
}

/** Whether the plan changes anything. */
export function hasChanges(plan: ReviewPlan): boolean {
  return Object.values(plan.counts).some((n) => n > 0);
}

/**
 * Preview prints a replacement as one `replace` step; an update (and some backends) can also emit the pair
 * `create-replacement` + `delete-replaced`. Both become one `replace` here.
 */
function mergeReplacementSteps(steps: PreviewStep[]): PreviewStep[] {
  const out: PreviewStep[] = [];
  const replacedOld = new Map(steps.filter((s) => s.op === "delete-replaced").map((s) => [s.urn, s.oldState]));
  const seen = new Set<string>();
  for (const step of steps) {
    if (step.op === "delete-replaced" || step.op === "discard-replaced") continue;
    if (step.op === "create-replacement" || step.op === "replace") {
      if (seen.has(step.urn)) continue;
      seen.add(step.urn);
      const oldState = step.oldState ?? replacedOld.get(step.urn);
      out.push({ ...step, op: "replace", ...(oldState ? { oldState } : {}) });
      continue;
    }
    out.push(step);
  }
  return out;
}

function changeKind(op: string, before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): ChangeKind | undefined {
  switch (op) {
    case "create":
      return "create";
    case "delete":
      return "delete";
    case "replace":
      return "replace";
    case "update": {
      const changed = inputChanges(before, after).map((c) => c.input);
      return changed.length === 1 && changed[0] === "name" ? "rename" : "update";
    }
    default:
      return undefined; // same, read, refresh: nothing for a reviewer
  }
}

function names(before: StepState | undefined, after: StepState | undefined): { nameBefore?: string; nameAfter?: string } {
  const out: { nameBefore?: string; nameAfter?: string } = {};
  if (typeof before?.inputs?.["name"] === "string") out.nameBefore = before.inputs["name"];
  if (typeof after?.inputs?.["name"] === "string") out.nameAfter = after.inputs["name"];
  return out;
}

/** The inputs whose values differ, in key order. A source compares by URL or by content hash, not by file path. */
function inputChanges(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): InputChange[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const out: InputChange[] = [];
  for (const input of [...keys].sort(compareText)) {
    if (IGNORED_INPUTS.has(input)) continue;
    const a = before?.[input];
    const b = after?.[input];
    const same = input === "source" ? sourceIdentity(a) === sourceIdentity(b) : stableJson(a) === stableJson(b);
    if (!same) out.push({ input, before: a, after: b });
  }
  return out;
}

/** The same rule as the provider's diff (provider/resources/source.ts sourceIdentity): URL, else file content. */
function sourceIdentity(value: unknown): string {
  const s = (value ?? {}) as SourceValue;
  if (s.url !== undefined) return `url:${s.url}`;
  return `sha256:${s.sha256 ?? s.file ?? ""}`;
}

function stableJson(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compareText(a, b))) : v));
}

/** The resource name: the last `::` segment of a URN. */
export function resourceName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
