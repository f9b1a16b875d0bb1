/**
 * The layering of provider/resources (issue 13): the program side (what `require("pulumi-seedance-assets")` loads
 * at import time) reaches neither media probing nor the HTTP client nor any provider-process file, and the
 * provider-process implementations do not import the program-side classes. Read from the sources' value imports
 * (`import type` and lazy `require` are not loads at import time).
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");

/** Value imports and re-exports of one source file: relative paths resolved to .ts files, packages by name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^(import|export)\s+([^";]*?)\s*(?:from\s+)?"([^"]+)";/gm)]
    // `import type …`, `export type …` and `{ type A, type B }` lists are erased by the compiler: not loads.
    .filter(([, , clause]) => !/^type\s/.test(clause!) && !/^\{\s*(?:type\s+[\w$]+(?:\s+as\s+[\w$]+)?\s*,?\s*)+\}$/.test(clause!))
    .map((m) => m[3]!);
  return specifiers.map((s) => (s.startsWith(".") ? join(dirname(file), s.replace(/\.js$/, ".ts")) : s));
}

/** Every module loaded at import time from `entry`, as repository paths and package names. */
function graphOf(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length) {
    const next = queue.pop()!;
    const key = next.startsWith("/") ? relative(ROOT, next) : next;
    if (seen.has(key)) continue;
    seen.add(key);
    if (next.startsWith("/")) queue.push(...importsOf(next));
  }
  return seen;
}

const PROVIDER_PROCESS = ["provider/resources/runtime.ts", "provider/resources/asset-provider.ts", "provider/resources/group-provider.ts", "provider/resources/context.ts", "provider/resources/source.ts", "provider/media/probe.ts"];
const HEAVY = ["file-type", "image-size", "mp4box", "music-metadata", "undici"];

describe("the import graph", () => {
  it("a program (the package root) loads no media probing, no HTTP client and no provider-process file", () => {
    const graph = graphOf("provider/index.ts");
    expect(graph.has("provider/resources/asset.ts")).toBe(true);
    expect(graph.has("provider/resources/asset-spec.ts")).toBe(true);
    expect(HEAVY.filter((name) => graph.has(name))).toEqual([]);
    expect(PROVIDER_PROCESS.filter((file) => graph.has(file))).toEqual([]);
  });

  it("the provider process reaches the specs, never the program-side classes", () => {
    const graph = graphOf("provider/resources/runtime.ts");
    expect(graph.has("provider/resources/asset-spec.ts")).toBe(true);
    expect(graph.has("provider/resources/asset-group-spec.ts")).toBe(true);
    expect(graph.has("provider/media/probe.ts")).toBe(true);
    expect([...graph].filter((file) => file === "provider/resources/asset.ts" || file === "provider/resources/asset-group.ts")).toEqual([]);
  });
});
