/**
 * The library.yaml loader: the shipped example parses; errors name the file, the entry and the field.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LibraryError, loadLibrary, parseLibrary } from "../../provider/library.js";

const errorOf = (text: string) => {
  try {
    parseLibrary(text, "library.yaml");
  } catch (error) {
    return error as LibraryError;
  }
  throw new Error("expected a LibraryError");
};

describe("library.yaml", () => {
  it("loads the asset-library example: every source kind, paths relative to the file", () => {
    const file = resolve(__dirname, "../../examples/asset-library/library.yaml");
    const library = loadLibrary(file);
    expect(library.baseDir).toBe(resolve(__dirname, "../../examples/asset-library"));
    const assets = Object.values(library.groups).flatMap((g) => Object.values(g.assets));
    expect(assets.some((a) => a.url?.startsWith("https://"))).toBe(true);
    expect(assets.filter((a) => a.file).map((a) => a.type).sort()).toEqual(["Audio", "Image", "Video"]);
  });

  it("parses groups, ungrouped assets and defaults", () => {
    const library = parseLibrary(
      ["profile: p", "groups:", "  empty:", "  g:", "    description: d", "    assets:", "      a: { type: Image, url: https://example.com/a.png }", "assets:", "  loose: { type: Document, url: https://example.com/x.pdf }"].join("\n"),
      "/tmp/lib/library.yaml",
    );
    expect(library).toEqual({
      profile: "p",
      groups: { empty: { assets: {} }, g: { description: "d", assets: { a: { type: "Image", url: "https://example.com/a.png" } } } },
      assets: { loose: { type: "Document", url: "https://example.com/x.pdf" } },
      baseDir: "/tmp/lib",
    });
  });

  it.each([
    ["groups:\n  g:\n    assets:\n      hero: { type: Picture, file: a.png }", "library.yaml: groups.g.assets.hero: type must be Image, Video or Audio (Document on GlobalAiOpc)"],
    ["groups:\n  g:\n    assets:\n      hero: { type: Image }", "library.yaml: groups.g.assets.hero needs exactly one of url and file"],
    ["groups:\n  g:\n    assets:\n      hero: { type: Image, url: example.com/a.png }", "library.yaml: groups.g.assets.hero: url must be a URL such as https://example.com/hero.png"],
    ["groups:\n  g:\n    assets:\n      hero: { type: Image, file: a.png, colour: red }", "library.yaml: groups.g.assets.hero: colour is not a known field"],
    [`groups:\n  ${"x".repeat(65)}:\n    assets: {}`, `library.yaml: groups.${"x".repeat(65)} is not a valid name: must be at most 64 characters`],
    ["groups:\n  g:\n    description: 1\n    assets: {}", "library.yaml: groups.g: description must be text"],
    ["groups:\n  g: {}\n  g: {}", 'library.yaml:3:3: groups has the key "g" twice (lines 2 and 3)'],
  ])("%s → %s", (text, message) => {
    const error = errorOf(text);
    expect(error).toBeInstanceOf(LibraryError);
    expect(error.message.startsWith(message)).toBe(true);
  });

  it("lists every problem of the file, one per line; entry and field are those of the first", () => {
    const error = errorOf("groups:\n  g:\n    assets:\n      hero: { type: Picture, url: nope }\n      villain: { type: Image }");
    expect(error.message.split("\n")).toEqual([
      "library.yaml: groups.g.assets.hero: type must be Image, Video or Audio (Document on GlobalAiOpc)",
      "library.yaml: groups.g.assets.hero: url must be a URL such as https://example.com/hero.png",
      "library.yaml: groups.g.assets.villain needs exactly one of url and file",
    ]);
    expect(error).toMatchObject({ entry: "groups.g.assets.hero", field: "type" });
  });

  it("says when the file cannot be read", () => {
    expect(() => loadLibrary("/does/not/exist.yaml")).toThrow(/^\/does\/not\/exist\.yaml: cannot be read/);
  });
});
