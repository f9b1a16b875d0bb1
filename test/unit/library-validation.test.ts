/**
 * What library.yaml validation catches beyond the field schemas (provider/library-validation.ts): YAML errors with
 * file:line:col and a fix, keys given twice, and entries that would double an asset or a group on the gateway (or a
 * Pulumi resource) — the two offending keys named. Also through declareLibrary for libraries built in code.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { declareLibrary, LibraryError, parseLibrary, type Library } from "../../provider/library.js";

function errorOf(text: string): LibraryError {
  try {
    parseLibrary(text, "library.yaml");
  } catch (error) {
    return error as LibraryError;
  }
  throw new Error("expected a LibraryError");
}

const url = (n: string) => `{ type: Image, url: https://example.com/${n}.png }`;

describe("library validation", () => {
  it("names both keys of two assets of one group with the same name (key vs name:)", () => {
    const error = errorOf(["groups:", "  cast:", "    assets:", `      hero: ${url("a")}`, `      hero2: { name: hero, type: Image, url: https://example.com/b.png }`].join("\n"));
    expect(error.message).toBe(
      'library.yaml: groups.cast.assets.hero and groups.cast.assets.hero2 (lines 4 and 5) both name an asset "hero" in group cast: one group cannot hold two assets of one name (Anyfast answers 404; elsewhere both would be kept). Fix: give one of them another `name:` (1–64 characters), or remove one.',
    );
    expect(error).toMatchObject({ entry: "groups.cast.assets.hero" });
  });

  it("allows one name in two groups", () => {
    expect(() => parseLibrary(["groups:", "  a:", "    assets:", `      x: ${url("a")}`, "  b:", "    assets:", `      x: ${url("b")}`].join("\n"), "library.yaml")).not.toThrow();
  });

  it("names both keys of two groups with one name in the same profile and project, not across projects", () => {
    const same = errorOf(["groups:", "  cast: {}", "  crew:", "    name: cast"].join("\n"));
    expect(same.message).toMatch(/^library\.yaml: groups\.cast and groups\.crew \(lines 2 and 3\) both name a group "cast" in the same profile and project: .* Fix: give one of them another `name:`/);
    expect(() => parseLibrary(["groups:", "  cast: {}", "  crew:", "    name: cast", "    projectName: other"].join("\n"), "library.yaml")).not.toThrow();
  });

  it("names both places of a key given twice, and says the fix", () => {
    const error = errorOf(["groups:", "  cast:", "    assets:", `      hero: ${url("a")}`, `      hero: ${url("b")}`].join("\n"));
    expect(error.message).toBe('library.yaml:5:7: groups.cast.assets has the key "hero" twice (lines 4 and 5); keys name resources and must be unique. Fix: rename or remove one of them.');
    expect(error.position).toEqual({ line: 5, col: 7 });
  });

  it.each([
    ["an unclosed flow map", ["groups:", "  cast:", "    assets:", "      hero: { type: Image, url: https://example.com/a.png"].join("\n"), /^library\.yaml:4:58: is not valid YAML: .*end with a }\. Fix: .*close each \{ or \[/],
    ["a tab", "groups:\n\tcast: {}\n", /^library\.yaml:2:1: is not valid YAML: Tabs are not allowed as indentation\. Fix: indent with spaces only/],
    ["two documents", "groups: {}\n---\ngroups: {}\n", /^library\.yaml:\d+:\d+: is not valid YAML: .* Fix: keep the library in one YAML document/],
  ])("reports %s as file:line:col, one line, with a fix", (_what, text, expected) => {
    const error = errorOf(text);
    expect(error.message).toMatch(expected);
    expect(error.message).not.toContain("\n");
    expect(error.message).not.toContain("\u001b[");
  });

  it("finds two entries that would be one Pulumi resource", () => {
    const error = errorOf(["groups:", "  a/b:", "    assets:", `      c: ${url("a")}`, "  a:", "    assets:", `      b/c: ${url("b")}`].join("\n"));
    expect(error.message).toContain('groups.a/b.assets.c and groups.a.assets.b/c (lines 4 and 7) both become the Pulumi resource "a/b/c"');
  });

  it("lists every collision, one per line", () => {
    const error = errorOf(["groups:", "  a:", "    assets:", `      x: ${url("1")}`, `      y: { name: x, type: Image, url: https://example.com/2.png }`, "  b:", "    name: a"].join("\n"));
    const lines = error.message.split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^library\.yaml: groups\.a\.assets\.x and groups\.a\.assets\.y/);
    expect(lines[1]).toMatch(/^library\.yaml: groups\.a and groups\.b \(lines 2 and 6\) both name a group "a"/);
  });

  it("is a Pulumi RunError, so the CLI prints the message without a stack trace", () => {
    expect(pulumi.RunError.isInstance(errorOf("groups:\n  a: {}\n  a: {}"))).toBe(true);
  });

  it("declareLibrary refuses a library built in code with a doubled name, before declaring anything", () => {
    const library: Library = {
      baseDir: "/tmp",
      groups: {},
      assets: { one: { type: "Image", url: "https://example.com/1.png", name: "same" }, two: { type: "Image", url: "https://example.com/2.png", name: "same" } },
    };
    expect(() => declareLibrary(library)).toThrow('library: assets.one and assets.two both name an asset "same" in the same profile and project');
  });
});
