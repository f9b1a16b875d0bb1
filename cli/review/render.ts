/**
 * The Markdown of a review: what a person reads in a pull-request comment before an asset library change ships.
 * Deterministic for a given plan and media (golden-tested): groups and assets in key order, no timestamps.
 */
import { describeProbe, type MediaFacts, type MediaResolver } from "./media.js";
import { hasChanges, resourceName, type AssetChange, type ChangeKind, type GroupReview, type ReviewPlan, type SourceValue, UNKNOWN } from "./plan.js";

/** The first line of every review comment: CI templates find the comment to update in place by it. */
export const REVIEW_MARKER = "<!-- seedance-assets:review -->";

/** A tier's quotas, to show the change's effect on them (provider/gateways/tiers.ts). */
export interface QuotaView {
  /** e.g. "byteplus, Entry tier". */
  label: string;
  assets?: number;
  groups?: number;
}

/** Options of {@link renderReview}. */
export interface RenderOptions {
  /** The stack's name, shown in the heading line. */
  stack?: string;
  /** Quotas of the stack's gateway and tier. */
  quota?: QuotaView;
  /** Reads local-file media on both sides (thumbnails, properties); without it files are named only. */
  media?: MediaResolver;
  /** Width of image thumbnails in pixels. Default 160. */
  thumbnailWidth?: number;
}

const SYMBOL: Record<ChangeKind, string> = { create: "+", rename: "~", update: "~", replace: "+-", delete: "-" };
const ORDER: ChangeKind[] = ["create", "rename", "update", "replace", "delete"];

/**
 * Renders a plan as Markdown (GitHub- and GitLab-flavoured: tables, `<img>`, alert blocks).
 * @returns the comment text, starting with {@link REVIEW_MARKER} and ending with a newline.
 */
export async function renderReview(plan: ReviewPlan, options: RenderOptions = {}): Promise<string> {
  const out: string[] = [REVIEW_MARKER];
  const total = ORDER.reduce((n, k) => n + plan.counts[k], 0);
  const where = [options.stack ? `stack \`${options.stack}\`` : "", plan.config["seedance:gateway"] ? `gateway \`${plan.config["seedance:gateway"]}\`` : ""].filter(Boolean).join(", ");
  if (!hasChanges(plan) && plan.errors.length === 0) {
    out.push("### Seedance asset library: no changes", "", `Nothing to create, rename, replace or delete${where ? ` (${where})` : ""}.`, "");
    return out.join("\n");
  }
  out.push(`### Seedance asset library: ${total} ${total === 1 ? "change" : "changes"}`, "");
  const summary = ORDER.filter((k) => plan.counts[k] > 0).map((k) => `**${plan.counts[k]}** to ${k}`);
  out.push(`${summary.join(" · ")}${where ? ` — ${where}` : ""}`, "");

  out.push(...failures(plan));
  out.push(...warnings(plan));
  out.push(...quota(plan, options.quota));

  const media: { key: string; before?: MediaFacts; after?: MediaFacts }[] = [];
  for (const group of plan.groups) {
    if (!group.change && group.assets.length === 0) continue;
    out.push(`#### ${group.key ? `Group \`${group.key}\`` : "Assets outside groups"}${groupCount(group)}`, "");
    if (group.change) out.push(groupLine(group), "");
    if (group.assets.length) {
      out.push("| | asset | change | details |", "|---|---|---|---|");
      for (const asset of group.assets) {
        out.push(`| \`${SYMBOL[asset.kind]}\` | \`${asset.assetKey}\` | ${asset.kind}${asset.assetType ? ` (${asset.assetType})` : ""} | ${escapeCell(assetDetails(asset))} |`);
        if (options.media && (asset.kind === "create" || asset.kind === "replace" || asset.kind === "delete")) {
          const before = asset.kind === "create" ? undefined : await options.media(asset.sourceBefore, "before");
          const after = asset.kind === "delete" ? undefined : await options.media(asset.sourceAfter, "after");
          if (before || after) media.push({ key: asset.key, ...(before ? { before } : {}), ...(after ? { after } : {}) });
        }
      }
      out.push("");
    }
  }

  if (media.length) {
    const width = options.thumbnailWidth ?? 160;
    out.push("#### Media", "", "| asset | before | after |", "|---|---|---|");
    for (const m of media) out.push(`| \`${m.key}\` | ${mediaCell(m.before, width)} | ${mediaCell(m.after, width)} |`);
    out.push("");
  }
  return out.join("\n");
}

function failures(plan: ReviewPlan): string[] {
  if (plan.errors.length === 0) return [];
  const out = ["> [!CAUTION]", "> **The preview failed**: `pulumi up` of this change would fail the same way."];
  for (const error of plan.errors) {
    const text = error.message.replace(/^error: /, "").replace(/\s+/g, " ").trim();
    out.push(`> - ${error.urn ? `\`${resourceName(error.urn)}\`: ` : ""}${text.replaceAll(error.urn ?? "\u0000", "…")}`);
  }
  out.push("");
  return out;
}

function groupCount(group: GroupReview): string {
  if (group.assetsBefore !== undefined && group.assetsAfter !== undefined) return ` (${group.assetsBefore} → ${group.assetsAfter} assets)`;
  const created = group.assets.filter((a) => a.kind === "create").length;
  const deleted = group.assets.filter((a) => a.kind === "delete").length;
  const parts = [created ? `+${created}` : "", deleted ? `−${deleted}` : ""].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")} assets)` : "";
}

function warnings(plan: ReviewPlan): string[] {
  const out: string[] = [];
  const deletedGroups = plan.groups.filter((g) => g.change?.kind === "delete" || g.change?.kind === "replace");
  for (const group of deletedGroups) {
    const change = group.change!;
    if (change.protect) continue; // reported below as blocked
    const verb = change.kind === "delete" ? "deleted" : `replaced (because ${reasons(change.replaceReasons, change.changes.map((c) => c.input))} changed)`;
    out.push(
      "> [!CAUTION]",
      `> **Group \`${group.key}\` will be ${verb}.** DeleteAssetGroup deletes every asset in the group on the gateway, irreversibly` +
        (group.assetsBefore !== undefined ? ` (${group.assetsBefore} ${group.assetsBefore === 1 ? "asset" : "assets"} in this stack)` : "") +
        ", and their `asset://` references stop working." +
        (change.retainOnDelete ? " The group is `retainOnDelete`: Pulumi forgets it and leaves it on the gateway." : ""),
      "",
    );
  }
  const deletedAssets = plan.groups.flatMap((g) => g.assets).filter((a) => (a.kind === "delete" || a.kind === "replace") && !a.protect && !a.retainOnDelete);
  if (deletedAssets.length) {
    out.push(
      "> [!WARNING]",
      `> ${deletedAssets.length} ${deletedAssets.length === 1 ? "asset is" : "assets are"} deleted or replaced: ${deletedAssets.map((a) => `\`${a.key}\``).join(", ")}.` +
        " Their old `asset://` references stop working, and generation jobs still using them fail.",
      "",
    );
  }
  const blocked = [...plan.groups.flatMap((g) => (g.change ? [g.change] : [])), ...plan.groups.flatMap((g) => g.assets)].filter(
    (c) => (c.kind === "delete" || c.kind === "replace") && c.protect,
  );
  if (blocked.length) {
    out.push(
      "> [!IMPORTANT]",
      `> Protected, so \`pulumi up\` will refuse: ${blocked.map((c) => `\`${c.key}\` (${c.kind})`).join(", ")}. Fix: set \`protect: false\` for them in library.yaml in a reviewed change first.`,
      "",
    );
  }
  return out;
}

function quota(plan: ReviewPlan, view: QuotaView | undefined): string[] {
  if (!plan.totals) {
    const { assetsCreated, assetsDeleted, groupsCreated, groupsDeleted } = plan.delta;
    return [`Assets +${assetsCreated} −${assetsDeleted}, groups +${groupsCreated} −${groupsDeleted} (give the stack's state, \`pulumi stack export\`, with --state to see the totals against the tier's quotas).`, ""];
  }
  const { assetsBefore, assetsAfter, groupsBefore, groupsAfter } = plan.totals;
  const of = (n: number | undefined) => (n === undefined ? "" : ` of ${n}`);
  const line = `Quota (${view?.label ?? "tier unknown"}): assets ${assetsBefore} → ${assetsAfter}${of(view?.assets)}, groups ${groupsBefore} → ${groupsAfter}${of(view?.groups)}.`;
  const over: string[] = [];
  if (view?.assets !== undefined && assetsAfter > view.assets) over.push(`${assetsAfter} assets exceed the quota of ${view.assets}`);
  if (view?.groups !== undefined && groupsAfter > view.groups) over.push(`${groupsAfter} groups exceed the quota of ${view.groups}`);
  if (over.length) return ["> [!CAUTION]", `> ${line} **${over.join("; ")}**: the gateway will refuse the creates beyond it. Fix: remove entries or move to a larger tier (\`seedance:tier\`).`, ""];
  return [line, ""];
}

function groupLine(group: GroupReview): string {
  const c = group.change!;
  const flags = [c.protect ? "protected" : "", c.retainOnDelete ? "retained on delete" : ""].filter(Boolean).join(", ");
  const suffix = flags ? ` (${flags})` : "";
  switch (c.kind) {
    case "create":
      return `\`+\` the group is created as \`${c.nameAfter}\`${suffix}.`;
    case "rename":
      return `\`~\` the group is renamed \`${c.nameBefore}\` → \`${c.nameAfter}\` (in place)${suffix}.`;
    case "update":
      return `\`~\` the group is updated in place: ${c.changes.map(changeText).join("; ")}${suffix}.`;
    case "replace":
      return `\`+-\` the group is replaced because ${reasons(c.replaceReasons, c.changes.map((x) => x.input))} changed${suffix}.`;
    case "delete":
      return `\`-\` the group \`${c.nameBefore ?? group.key}\` (${c.id ?? "no id"}) is deleted${suffix}.`;
  }
}

function assetDetails(a: AssetChange): string {
  const flags = [a.protect ? "protected" : "", a.retainOnDelete ? "retained on delete: stays on the gateway" : ""].filter(Boolean);
  const tail = flags.length ? ` (${flags.join(", ")})` : "";
  switch (a.kind) {
    case "create":
      return `\`${a.nameAfter}\` from ${sourceText(a.sourceAfter)}${tail}`;
    case "rename":
      return `\`${a.nameBefore}\` → \`${a.nameAfter}\`, in place (same id, same \`asset://\`)${tail}`;
    case "update":
      return `${a.changes.map(changeText).join("; ")}${tail}`;
    case "replace": {
      const why = reasons(a.replaceReasons, a.changes.map((c) => c.input));
      const source = a.changes.some((c) => c.input === "source") ? `: ${sourceText(a.sourceBefore)} → ${sourceText(a.sourceAfter)}` : "";
      const others = a.changes.filter((c) => c.input !== "source").map(changeText);
      return `because ${why} changed${source}${others.length ? `; ${others.join("; ")}` : ""}; new id and \`asset://\` reference${tail}`;
    }
    case "delete":
      return `\`${a.nameBefore}\` (\`${a.id ?? "no id"}\`)${tail}`;
  }
}

function reasons(replaceReasons: string[], changed: string[]): string {
  const list = replaceReasons.length ? replaceReasons : changed;
  return list.length ? list.map((r) => `\`${r}\``).join(", ") : "an input";
}

function changeText(c: { input: string; before: unknown; after: unknown }): string {
  if (c.input === "source") return `source ${sourceText(c.before as SourceValue)} → ${sourceText(c.after as SourceValue)}`;
  return `${c.input} ${valueText(c.before)} → ${valueText(c.after)}`;
}

function sourceText(s: SourceValue | undefined): string {
  if (!s) return "(none)";
  if ((s as unknown) === UNKNOWN) return "(known after the group is created)";
  if (s.url !== undefined) return `<${s.url}>`;
  return `\`${s.file}\`${s.sha256 ? ` (sha256 ${s.sha256.slice(0, 12)})` : ""}`;
}

function valueText(v: unknown): string {
  if (v === undefined) return "(unset)";
  if (v === UNKNOWN) return "(known after apply)";
  return `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;
}

function mediaCell(facts: MediaFacts | undefined, width: number): string {
  if (!facts) return "—";
  const name = facts.link ? `[\`${facts.path}\`](${facts.link})` : `\`${facts.path}\``;
  const picture = facts.link && facts.probe?.category === "image" ? `<img src="${facts.link}" width="${width}" alt="${facts.path}"><br>` : "";
  const props = facts.probe ? describeProbe(facts.probe) : (facts.problem ?? "");
  return escapeCell(`${picture}${name}${props ? `<br>${props}` : ""}`);
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}
