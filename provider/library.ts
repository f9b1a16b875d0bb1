/**
 * An asset library as a YAML file — groups of assets, each from a public URL or a local file — and the Pulumi
 * resources that declare it. The format (every field is optional but `type` and one of `url`/`file`):
 *
 * ```yaml
 * profile: default            # seedance:profiles entry for everything below (default: top-level config)
 * projectName: default        # Ark project (default: seedance:projectName, else "default")
 * adopt: true                 # take over existing groups/assets of the same name instead of duplicating; unset (the
 *                             # default): only assets an interrupted run left in the library's own groups; false: never
 * protect: false              # Pulumi refuses to delete or replace what is protected (groups and assets, inherited)
 * retainOnDelete: false       # removing an entry forgets it in the stack but leaves it on the gateway (inherited)
 * groups:
 *   characters:               # the key: the resource's identity, and the name on the gateway unless `name` is set
 *     description: Reference portraits
 *     assets:
 *       hero:                 # the asset's key (unique in the group)
 *         name: hero-v2       # optional: the name on the gateway (1–64 characters); changing it renames in place
 *         type: Image         # Image | Video | Audio (Document on GlobalAiOpc)
 *         file: media/hero.png                # relative to the YAML file
 *       skyline:
 *         type: Image
 *         url: https://example.com/skyline.jpg
 *   ana:                      # a real person: an existing group, adopted by id (never created; kept on destroy)
 *     groupId: group-20260521163909-kbdhw   # the LivenessFace group `npm run liveness` printed
 *     assets:
 *       front: { type: Image, url: https://example.com/ana-front.jpg }   # only that person's face
 * assets: {}                  # assets outside groups, for gateways without groups (Agentsflare, GlobalAiOpc)
 * ```
 *
 * Errors name the file, the entry and the field: `library.yaml: groups.characters.assets.hero: type must be …`;
 * YAML syntax errors and keys given twice name the place (`library.yaml:5:7: …`) and the fix; two entries that would
 * become one name on the gateway (or one Pulumi resource) name both keys (./library-validation.ts). A LibraryError is
 * a Pulumi `RunError`, so the CLI prints its message alone — no stack trace.
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { AssetTypeSchema } from "./api.js";
import { AssetGroup } from "./resources/asset-group.js";
import { Asset } from "./resources/asset.js";
import { libraryQuotaWarnings } from "./tier-check.js";
import { describeYamlError, duplicateKeys, locatorOf, nameCollisions, type Locator, type Position } from "./library-validation.js";

const Name = z.string({ error: "must be text" }).min(1, { error: "must not be empty" }).max(64, { error: "must be at most 64 characters" });
const Options = {
  name: Name.optional(),
  profile: z.string().min(1, { error: "must not be empty" }).optional(),
  projectName: Name.optional(),
  adopt: z.boolean({ error: "must be true or false" }).optional(),
  /** Pulumi's `protect` resource option: a delete or replace fails until it is set to false in a reviewed change. */
  protect: z.boolean({ error: "must be true or false" }).optional(),
  /** Pulumi's `retainOnDelete` resource option: removing the entry leaves the object on the gateway. */
  retainOnDelete: z.boolean({ error: "must be true or false" }).optional(),
};

/** One asset entry: its type and exactly one source. */
export const LibraryAssetSchema = z
  .strictObject({
    type: z.enum(AssetTypeSchema.options, { error: "must be Image, Video or Audio (Document on GlobalAiOpc)" }),
    // The provider's check applies the rule (https; http only on this machine); here it must just be a URL.
    url: z.url({ error: "must be a URL such as https://example.com/hero.png" }).optional(),
    file: z.string().min(1, { error: "must be a path relative to the library file" }).optional(),
    ...Options,
  })
  .refine((a) => (a.url === undefined) !== (a.file === undefined), { error: "needs exactly one of url and file" });
/** An asset entry after parsing. */
export type LibraryAsset = z.infer<typeof LibraryAssetSchema>;

const Assets = z.record(Name, LibraryAssetSchema).default({});

/** One group entry: its description and assets. */
export const LibraryGroupSchema = z.strictObject({
  /** An existing group to adopt by id instead of creating one (a real person's LivenessFace group). */
  groupId: z
    .string({ error: "must be a group id such as group-20260521163909-kbdhw" })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, { error: "must be a group id such as group-20260521163909-kbdhw" })
    .optional(),
  description: z.string({ error: "must be text" }).max(300, { error: "must be at most 300 characters" }).optional(),
  assets: Assets,
  ...Options,
});
/** A group entry after parsing (`assets` defaults to none). */
export type LibraryGroup = z.infer<typeof LibraryGroupSchema>;

/** A whole library file. */
export const LibrarySchema = z.strictObject({
  groups: z.record(Name, LibraryGroupSchema.nullable().transform((g) => g ?? { assets: {} })).default({}),
  assets: Assets,
  ...Options,
});
/** A parsed library file. */
export type Library = z.infer<typeof LibrarySchema> & {
  /** The directory relative `file` paths start from. */
  baseDir: string;
};

/**
 * A library file that cannot be used; the message names the file (with `:line:col` when a place is known), the entry
 * and the field. A Pulumi `RunError`: the CLI shows the message only, without a stack trace.
 */
export class LibraryError extends pulumi.RunError {
  readonly file: string;
  /** The entry, e.g. `groups.characters.assets.hero`; empty for the file as a whole. */
  readonly entry: string;
  readonly field: string;
  /** Where in the file, when known (YAML syntax errors, keys given twice). */
  readonly position: Position | undefined;
  constructor(file: string, entry: string, field: string, problem: string, position?: Position) {
    const where = [entry, field].filter(Boolean).join(": ");
    super(`${file}${position ? `:${position.line}:${position.col}` : ""}: ${where ? `${where} ` : ""}${problem}`);
    this.name = "LibraryError";
    this.file = file;
    this.entry = entry;
    this.field = field;
    this.position = position;
  }
}

/** Where a schema issue is — the entry (down to the group or asset) and the field (the rest) — and what it says. */
function locate(file: string, issue: z.core.$ZodIssue): { entry: string; field: string; problem: string; message: string } {
  const path = issue.path.map(String);
  const assetsAt = path.lastIndexOf("assets");
  const entryLength = assetsAt >= 0 && path.length > assetsAt + 1 ? assetsAt + 2 : path[0] === "groups" && path.length > 1 ? 2 : 0;
  let field = path.slice(entryLength).join(".");
  if (issue.code === "unrecognized_keys") field = issue.keys.join(", ");
  const problem =
    issue.code === "unrecognized_keys"
      ? "is not a known field (known: name, type, url, file, description, assets, profile, projectName, adopt, protect, retainOnDelete)"
      : issue.code === "invalid_key"
        ? `is not a valid name: ${issue.issues[0]?.message ?? issue.message}`
        : issue.message;
  const entry = path.slice(0, entryLength).join(".");
  return { entry, field, problem, message: new LibraryError(file, entry, field, problem).message };
}

/**
 * Parses library YAML text. `file` is used in messages and as the base of relative `file` paths.
 * @throws LibraryError on YAML syntax errors and keys given twice (`file:line:col`, the problem and the fix), on
 *   schema violations (every violation, one per line; `entry` and `field` are those of the first), and on entries
 *   that would double a name on the gateway or a Pulumi resource (both keys named, every pair one per line).
 */
export function parseLibrary(text: string, file: string): Library {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError?.code === "DUPLICATE_KEY") {
    const twice = duplicateKeys(text).map((d) => ({
      entry: d.path || "the file",
      problem: `has the key "${d.key}" twice (lines ${d.first.line} and ${d.second.line}); keys name resources and must be unique. Fix: rename or remove one of them.`,
      position: d.second,
    }));
    if (twice.length > 0) throw listed(file, twice);
  }
  if (yamlError) {
    const { position, message } = describeYamlError(yamlError);
    throw new LibraryError(file, "", "", `is not valid YAML: ${message}`, position);
  }
  const parsed = LibrarySchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    // Every problem at once, one per line, so a file with several mistakes is fixed in one round.
    const [first, ...more] = parsed.error.issues.map((issue) => locate(file, issue));
    throw new LibraryError(file, first!.entry, first!.field, [first!.problem, ...more.map((m) => m.message)].join("\n"));
  }
  throwOnCollisions(parsed.data, file, {}, locatorOf(doc, lineCounter));
  return { ...parsed.data, baseDir: dirname(resolve(file)) };
}

/** Throws a LibraryError listing every pair of entries that would double a name or a resource (./library-validation.ts). */
function throwOnCollisions(library: z.infer<typeof LibrarySchema>, file: string, defaults: { profile?: string | undefined; projectName?: string | undefined }, locate?: Locator): void {
  const problems = nameCollisions(library, defaults, locate);
  if (problems.length > 0) throw listed(file, problems);
}

/** One LibraryError for several problems, one per line; `entry` and `position` are those of the first. */
function listed(file: string, problems: readonly { entry: string; problem: string; position?: Position }[]): LibraryError {
  const [first, ...more] = problems.map((p) => new LibraryError(file, p.entry, "", p.problem, p.position));
  return new LibraryError(file, first!.entry, "", [problems[0]!.problem, ...more.map((m) => m.message)].join("\n"), first!.position);
}

/**
 * Reads and parses a library file.
 * @throws LibraryError when the file cannot be read or is invalid.
 */
export function loadLibrary(file: string): Library {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new LibraryError(file, "", "", `cannot be read: ${(error as Error).message}`);
  }
  return parseLibrary(text, file);
}

/** The resources declared for a library. */
export interface DeclaredLibrary {
  /** By group key. */
  groups: Record<string, AssetGroup>;
  /** By `<group key>/<asset key>` (or `<asset key>` outside groups). */
  assets: Record<string, Asset>;
  /** `asset://<Id>` of every asset, by the same keys as `assets`. */
  references: pulumi.Output<Record<string, string>>;
}

/** Options of declareLibrary. */
export interface DeclareLibraryOptions {
  /** Defaults for every group and asset (the file's own settings take precedence). */
  profile?: string;
  projectName?: string;
  /** Resource options of every resource (e.g. `parent`). */
  opts?: pulumi.CustomResourceOptions;
}

/**
 * Declares an AssetGroup per group and an Asset per asset. Resource names are the keys: the group's key and
 * `<group key>/<asset key>`, so changing an entry's `name` renames it in place while a new key is a new resource.
 * `file` paths become relative to the working directory (the Pulumi project directory). Warns (`pulumi.log.warn`, shown
 * by `pulumi preview`) when the library declares more assets or groups than a profile's tier allows.
 * @throws LibraryError when two entries would double a name on the gateway or a resource (a library built in code
 *   gets the same checks as a file: ./library-validation.ts).
 */
export function declareLibrary(library: Library, options: DeclareLibraryOptions = {}): DeclaredLibrary {
  throwOnCollisions(library, "library", { profile: options.profile, projectName: options.projectName });
  // More assets or groups than the tier's quota: say so in preview, before anything is created (./tier-check.ts).
  for (const warning of libraryQuotaWarnings(library, options.profile, (key) => pulumi.runtime.getConfig(key))) void pulumi.log.warn(warning);
  const groups: Record<string, AssetGroup> = {};
  const assets: Record<string, Asset> = {};
  const pickDefined = (...values: (string | boolean | undefined)[]) => values.find((v) => v !== undefined);
  const sourceOf = (a: LibraryAsset) => (a.url !== undefined ? { url: a.url } : { file: projectRelative(library.baseDir, a.file!) });
  const declareAsset = (key: string, name: string, a: LibraryAsset, group: LibraryGroup | undefined, groupResource: AssetGroup | undefined) => {
    assets[key] = new Asset(
      key,
      {
        ...(groupResource ? { group: groupResource } : {}),
        name: a.name ?? name,
        assetType: a.type,
        source: sourceOf(a),
        profile: pickDefined(a.profile, group?.profile, library.profile, options.profile) as string | undefined,
        projectName: pickDefined(a.projectName, group?.projectName, library.projectName, options.projectName) as string | undefined,
        adopt: pickDefined(a.adopt, group?.adopt, library.adopt) as boolean | undefined,
      },
      {
        ...resourceOptions(options.opts, pickDefined(a.protect, group?.protect, library.protect), pickDefined(a.retainOnDelete, group?.retainOnDelete, library.retainOnDelete)),
        // DeleteAssetGroup deletes the group's assets with it: a removed group is one delete, not one per asset. Not for
        // a group declared by `groupId` (a real person's group): its destroy keeps it on the gateway, so its assets
        // must be deleted one by one.
        ...(groupResource && group?.groupId === undefined ? { deletedWith: groupResource } : {}),
      },
    );
  };
  for (const [groupName, group] of Object.entries(library.groups)) {
    const resource = new AssetGroup(
      groupName,
      {
        // A group adopted by id keeps its own name unless the entry sets one; name-adoption does not apply to it.
        ...(group.groupId !== undefined ? { groupId: group.groupId, name: group.name } : { name: group.name ?? groupName }),
        ...(group.description !== undefined ? { description: group.description } : {}),
        profile: pickDefined(group.profile, library.profile, options.profile) as string | undefined,
        projectName: pickDefined(group.projectName, library.projectName, options.projectName) as string | undefined,
        adopt: (group.groupId !== undefined ? group.adopt : pickDefined(group.adopt, library.adopt)) as boolean | undefined,
      },
      resourceOptions(options.opts, pickDefined(group.protect, library.protect), pickDefined(group.retainOnDelete, library.retainOnDelete)),
    );
    groups[groupName] = resource;
    for (const [assetName, asset] of Object.entries(group.assets)) declareAsset(`${groupName}/${assetName}`, assetName, asset, group, resource);
  }
  for (const [assetName, asset] of Object.entries(library.assets)) declareAsset(assetName, assetName, asset, undefined, undefined);
  const references = pulumi.all(Object.fromEntries(Object.entries(assets).map(([key, asset]) => [key, asset.assetUri]))) as pulumi.Output<Record<string, string>>;
  return { groups, assets, references };
}

/** The caller's resource options with the library's `protect` and `retainOnDelete` (when set) on top. */
function resourceOptions(base: pulumi.CustomResourceOptions | undefined, protect: string | boolean | undefined, retainOnDelete: string | boolean | undefined): pulumi.CustomResourceOptions {
  return {
    ...base,
    ...(protect !== undefined ? { protect: protect === true } : {}),
    ...(retainOnDelete !== undefined ? { retainOnDelete: retainOnDelete === true } : {}),
  };
}

function projectRelative(baseDir: string, file: string): string {
  const absolute = isAbsolute(file) ? file : resolve(baseDir, file);
  const rel = relative(process.cwd(), absolute);
  return rel.startsWith("..") || isAbsolute(rel) ? absolute : rel;
}
