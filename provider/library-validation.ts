/**
 * The rules of a library that no field schema can see, and the wording of YAML errors:
 *
 * - **Parse errors** as `file:line:col: <what> Fix: <how>` — the location, the problem in one line and a fix chosen
 *   by the parser's error code; never the parser's code frame or a stack trace.
 * - **A key twice in one map** (YAML maps forbid it; the `yaml` package reports `DUPLICATE_KEY` at the second one):
 *   both lines are named.
 * - **Two entries the gateway would see as one name**: two assets of one group with the same name (the key, or
 *   `name:`), or two groups with the same name in the same profile and project. Anyfast answers a duplicate `Name`
 *   inside a group with 404 (baudevs/OpenMontage `.agents/skills/anyfast-assets/SKILL.md`). Guess: the native API
 *   documents no uniqueness rule for asset or group names, so elsewhere the library would silently keep two of one
 *   name, which adoption by name (`adopt: true`) and every reader by name could not tell apart. Both keys are named.
 * - **Two entries that become one Pulumi resource**: asset resources are named `<group key>/<asset key>` and
 *   `<asset key>` outside groups, so `a/b` + `c` and `a` + `b/c` (or a top-level `a/b/c`) would be one resource.
 */
import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from "yaml";

/** One problem found: the first offending entry and what is wrong with it (the message reads `<entry> <problem>`). */
export interface LibraryProblem {
  /** The first offending entry, e.g. `groups.characters.assets.hero`. */
  entry: string;
  /** The rest of the message line, e.g. `and groups.characters.assets.villain (lines 4 and 7) both name …. Fix: …`. */
  problem: string;
}

/** A position in the file, 1-based. */
export interface Position {
  line: number;
  col: number;
}

/** Finds the position of the key of an entry path (`["groups", "a", "assets", "x"]`) in a parsed document. */
export type Locator = (path: readonly string[]) => Position | undefined;

const FIXES: Partial<Record<YAMLError["code"], string>> = {
  MISSING_CHAR: "close each { or [ on the entry where it opens (`hero: { type: Image, url: https://… }`), or write the entry as an indented block.",
  BAD_INDENT: "indent with spaces, two more than the parent key, keep the keys of one map at the same column, and close each { or [ on the entry where it opens.",
  TAB_AS_INDENT: "indent with spaces only: YAML does not allow tabs for indentation.",
  BLOCK_AS_IMPLICIT_KEY: "put a space after each colon (`type: Image`), and keep a key and its value on one line or the value indented below it.",
  MULTILINE_IMPLICIT_KEY: "end each key with a colon and a space on the same line (`hero:`), and quote values that contain `: `.",
  BAD_SCALAR_START: "quote the value: values starting with @, ` or a reserved character need quotes (`name: \"@hero\"`).",
  UNEXPECTED_TOKEN: "check the line for a stray character; quote values that contain `: `, ` #`, or start with {, [, & or *.",
  MULTIPLE_DOCS: "keep the library in one YAML document: remove the `---` separators.",
  RESOURCE_EXHAUSTION: "expand the aliases (*name) by hand: the file uses too many of them.",
  KEY_OVER_1024_CHARS: "shorten the key: names are at most 64 characters.",
};
const DEFAULT_FIX = "check the indentation (spaces, two per level), the space after each colon, and quote values that contain `: ` or ` #`.";

/** A YAML parse error as one line: `line:col: <problem>. Fix: <fix>` (the file name is added by the caller). */
export function describeYamlError(error: YAMLError): { position?: Position; message: string } {
  const at = error.linePos?.[0];
  // The parser's message ends with " at line N, column M:" and a code frame; keep the first sentence only.
  const problem = (error.message.split("\n")[0] ?? "").replace(/\s+at line \d+, column \d+:?\s*$/, "").replace(/\.?$/, ".");
  return { ...(at ? { position: { line: at.line, col: at.col } } : {}), message: `${problem} Fix: ${FIXES[error.code] ?? DEFAULT_FIX}` };
}

/**
 * The keys that appear twice in one map, each with the line of both occurrences. Parses `text` again without the
 * unique-key rule, to find the first occurrence the parser's DUPLICATE_KEY error does not name.
 */
export function duplicateKeys(text: string): { path: string; key: string; first: Position; second: Position }[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter });
  const found: { path: string; key: string; first: Position; second: Position }[] = [];
  const walk = (node: unknown, path: string[]) => {
    if (!isMap(node)) return;
    const seen = new Map<string, Position>();
    for (const pair of node.items) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const offset = isScalar(keyNode) && keyNode.range ? keyNode.range[0] : 0;
      const at = lineCounter.linePos(offset);
      const position = { line: at.line, col: at.col };
      const earlier = seen.get(key);
      if (earlier) found.push({ path: path.join("."), key, first: earlier, second: position });
      else seen.set(key, position);
      walk(pair.value, [...path, key]);
    }
  };
  walk(doc.contents, []);
  return found;
}

/** A Locator over a parsed document (positions of map keys by path). */
export function locatorOf(doc: Document, lineCounter: LineCounter): Locator {
  return (path) => {
    let node: unknown = doc.contents;
    let position: Position | undefined;
    for (const segment of path) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
      if (!pair) return undefined;
      const range = isScalar(pair.key) ? pair.key.range : undefined;
      if (range) position = lineCounter.linePos(range[0]);
      node = pair.value;
    }
    return position;
  };
}

/** The shape of a library the name rules need (a subset of ./library.ts `Library`). */
export interface NamedLibrary {
  profile?: string | undefined;
  projectName?: string | undefined;
  groups: Record<string, { name?: string | undefined; groupId?: string | undefined; profile?: string | undefined; projectName?: string | undefined; assets: Record<string, { name?: string | undefined }> }>;
  assets: Record<string, { name?: string | undefined; profile?: string | undefined; projectName?: string | undefined }>;
}

/**
 * The entries that would double a name on the gateway, or a resource in the stack (see the module comment).
 * `defaults` are declareLibrary's profile and projectName; `locate` adds line numbers.
 */
export function nameCollisions(library: NamedLibrary, defaults: { profile?: string | undefined; projectName?: string | undefined } = {}, locate?: Locator): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  const lines = (a: string[], b: string[]) => {
    const [la, lb] = [locate?.(a)?.line, locate?.(b)?.line];
    return la !== undefined && lb !== undefined ? ` (lines ${la} and ${lb})` : "";
  };
  const report = (entries: { key: string[]; scope: string; name: string; what: (name: string) => string; fix: string }[]) => {
    const first = new Map<string, string[]>();
    for (const e of entries) {
      const id = `${e.scope}\u0000${e.name}`;
      const earlier = first.get(id);
      if (!earlier) {
        first.set(id, e.key);
        continue;
      }
      problems.push({ entry: earlier.join("."), problem: `and ${e.key.join(".")}${lines(earlier, e.key)} ${e.what(e.name)}. Fix: ${e.fix}` });
    }
  };

  // Assets of one group, by their name on the gateway.
  for (const [groupKey, group] of Object.entries(library.groups)) {
    report(
      Object.entries(group.assets).map(([assetKey, asset]) => ({
        key: ["groups", groupKey, "assets", assetKey],
        scope: groupKey,
        name: asset.name ?? assetKey,
        what: (name: string) => `both name an asset "${name}" in group ${groupKey}: one group cannot hold two assets of one name (Anyfast answers 404; elsewhere both would be kept)`,
        fix: "give one of them another `name:` (1–64 characters), or remove one.",
      })),
    );
  }
  // Assets outside groups, per profile and project.
  report(
    Object.entries(library.assets).map(([assetKey, asset]) => ({
      key: ["assets", assetKey],
      scope: `${asset.profile ?? library.profile ?? defaults.profile ?? ""}\u0000${asset.projectName ?? library.projectName ?? defaults.projectName ?? ""}`,
      name: asset.name ?? assetKey,
      what: (name: string) => `both name an asset "${name}" in the same profile and project: the gateway would keep two assets of one name`,
      fix: "give one of them another `name:` (1–64 characters), or remove one.",
    })),
  );
  // Groups, per profile and project; a group declared by `groupId` is that existing group, whatever its name.
  report(
    Object.entries(library.groups).filter(([, group]) => group.groupId === undefined).map(([groupKey, group]) => ({
      key: ["groups", groupKey],
      scope: `${group.profile ?? library.profile ?? defaults.profile ?? ""}\u0000${group.projectName ?? library.projectName ?? defaults.projectName ?? ""}`,
      name: group.name ?? groupKey,
      what: (name: string) => `both name a group "${name}" in the same profile and project: the gateway would keep two groups of one name`,
      fix: "give one of them another `name:` (1–64 characters), or merge their assets into one group.",
    })),
  );
  // Pulumi resource names: `<group key>/<asset key>` and top-level `<asset key>` must not meet.
  const resources = new Map<string, string[]>();
  const claim = (resource: string, key: string[]) => {
    const earlier = resources.get(resource);
    if (!earlier) return void resources.set(resource, key);
    problems.push({ entry: earlier.join("."), problem: `and ${key.join(".")}${lines(earlier, key)} both become the Pulumi resource "${resource}". Fix: rename a key so they differ (avoid "/" in keys).` });
  };
  for (const [groupKey, group] of Object.entries(library.groups)) {
    for (const assetKey of Object.keys(group.assets)) claim(`${groupKey}/${assetKey}`, ["groups", groupKey, "assets", assetKey]);
  }
  for (const assetKey of Object.keys(library.assets)) claim(assetKey, ["assets", assetKey]);
  return problems;
}
