/**
 * Lets Pulumi serialize dynamic providers when TypeScript 7 is installed next to the program.
 *
 * Pulumi's closure serializer parses function text with the TypeScript compiler API, which it loads through
 * `@pulumi/pulumi/typescript-shim`: `require("typescript")`, falling back to its vendored TypeScript 3.8.3 only when
 * that require throws. TypeScript 7 (the native compiler, this repository's devDependency) resolves fine but has no
 * JavaScript API — its `require("typescript")` exports just a version — so every `new pulumi.dynamic.Resource` fails
 * with "Cannot read properties of undefined (reading 'Latest')". This module completes the shim's exports with
 * the vendored compiler in that case, and does nothing when a TypeScript with a compiler API (≤ 6) is installed.
 * Applied on import by ./asset-group.ts and ./asset.ts; a program with dynamic providers of its own can import
 * `pulumi-seedance-assets/provider/resources/typescript-compat` first.
 */
import { dirname, join } from "node:path";

/** Whether the fix was needed and applied (for tests and diagnostics). */
export function ensurePulumiClosureParser(): boolean {
  let shimPath: string;
  try {
    shimPath = require.resolve("@pulumi/pulumi/typescript-shim");
  } catch {
    return false;
  }
  const shim = require(shimPath) as Record<string, unknown>;
  if (shim["ScriptTarget"] !== undefined) return false;
  const vendored = join(dirname(shimPath), "vendor", "typescript@3.8.3", "typescript.js");
  // The shim's exports object is the one parseFunction.js holds: completing it in place also fixes a serializer
  // that was loaded before this module.
  Object.assign(shim, require(vendored) as object);
  return true;
}

ensurePulumiClosureParser();
