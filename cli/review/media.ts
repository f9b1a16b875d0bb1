/**
 * The media behind a local-file source, at the two commits a pull request compares: where it lives in the repository,
 * a link a reviewer can open (an image renders as a thumbnail in the comment), and its measured properties (format,
 * size, dimensions, duration, frame rate) from the same probe the provider's `check` uses (../../provider/media/probe.ts).
 *
 * Files are read from git (`git show <commit>:<path>`), so a review describes exactly the committed media, not
 * whatever a CI workspace holds; without a commit, the working tree is read.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { isAbsolute, posix, relative, resolve, sep } from "node:path";
import { promisify } from "node:util";
import { probeMedia, type MediaProbe } from "../../provider/media/probe.js";
import type { SourceValue } from "./plan.js";

const run = promisify(execFile);

/** A file source at one commit. */
export interface MediaFacts {
  /** Path from the repository root, with `/` separators. */
  path: string;
  /** Link to the file at that commit, from the link template; absent without a template or a commit. */
  link?: string;
  /** Measured properties; absent when the file is missing at that commit or is not recognized media. */
  probe?: MediaProbe;
  /** Why there are no properties, e.g. "not in commit 1a2b3c4". */
  problem?: string;
}

/** Options of {@link createMediaResolver}. */
export interface MediaResolverOptions {
  /** The Pulumi project directory (file sources are relative to it). */
  projectDir: string;
  /** The commit the pull request starts from (the "before" side). Without it, "before" files are not described. */
  base?: string;
  /** The commit under review (the "after" side). Default: the working tree. */
  head?: string;
  /**
   * Link to a file at a commit: `{sha}` and `{path}` are replaced, e.g.
   * `https://github.com/acme/library/raw/{sha}/{path}` (GitHub) or `https://gitlab.com/acme/library/-/raw/{sha}/{path}` (GitLab).
   * Default: none (no links or thumbnails, properties only).
   */
  linkTemplate?: string;
}

/** Resolves a source on one side of the change; undefined for URL sources (nothing to read locally). */
export type MediaResolver = (source: SourceValue | undefined, side: "before" | "after") => Promise<MediaFacts | undefined>;

/**
 * A resolver bound to a repository. Reads each file at most once per side.
 * @throws Error when `projectDir` is not inside a git work tree.
 */
export async function createMediaResolver(options: MediaResolverOptions): Promise<MediaResolver> {
  const projectDir = resolve(options.projectDir);
  let top: string;
  try {
    top = (await run("git", ["rev-parse", "--show-toplevel"], { cwd: projectDir })).stdout.trim();
  } catch {
    throw new Error(`${projectDir} is not inside a git repository: thumbnails and media properties need the repository. Fix: run the review from a checkout, or pass --no-media.`);
  }
  const cache = new Map<string, Promise<MediaFacts>>();
  return (source, side) => {
    if (!source?.file) return Promise.resolve(undefined);
    const absolute = isAbsolute(source.file) ? source.file : resolve(projectDir, source.file);
    const path = relative(top, absolute).split(sep).join(posix.sep);
    const commit = side === "before" ? options.base : options.head;
    if (side === "before" && !commit) return Promise.resolve({ path, problem: "no base commit given" });
    const cacheKey = `${commit ?? "worktree"}:${path}`;
    let facts = cache.get(cacheKey);
    if (!facts) {
      facts = describe(top, path, commit, options.linkTemplate);
      cache.set(cacheKey, facts);
    }
    return facts;
  };
}

async function describe(top: string, path: string, commit: string | undefined, linkTemplate: string | undefined): Promise<MediaFacts> {
  const facts: MediaFacts = { path };
  if (commit && linkTemplate) facts.link = linkTemplate.replaceAll("{sha}", commit).replaceAll("{path}", path.split("/").map(encodeURIComponent).join("/"));
  let data: Uint8Array;
  try {
    data = commit
      ? ((await run("git", ["show", `${commit}:${path}`], { cwd: top, encoding: "buffer", maxBuffer: 512 * 1024 * 1024 })).stdout as Buffer)
      : await readFile(resolve(top, path));
  } catch {
    facts.problem = commit ? `not in commit ${commit.slice(0, 7)}` : "not in the working tree";
    return facts;
  }
  const probe = await probeMedia(data);
  if (probe) facts.probe = probe;
  else facts.problem = "not recognized as media";
  return facts;
}

/** Human-readable properties, e.g. `PNG · 640×480 · 12.3 KB` or `MP4 · 3.0 s · 854×480 · 24 fps · 98.1 KB`. */
export function describeProbe(probe: MediaProbe): string {
  const parts = [probe.format.toUpperCase()];
  if (probe.duration !== undefined) parts.push(`${probe.duration.toFixed(1)} s`);
  if (probe.width !== undefined && probe.height !== undefined) parts.push(`${probe.width}×${probe.height}`);
  if (probe.fps !== undefined) parts.push(`${Math.round(probe.fps * 100) / 100} fps`);
  parts.push(formatBytes(probe.bytes));
  return parts.join(" · ");
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
