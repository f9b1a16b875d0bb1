/**
 * The serializable dynamic providers. Pulumi writes a dynamic provider into the state as code (the `__provider`
 * property, in the inputs and again in the outputs of every resource) and runs that code for refresh and delete, so
 * the provider must be small and must find this package's implementation at run time. Two forms, one behaviour:
 *
 * - **By reference** (`providerFor`, the package installed under `node_modules`): the provider object IS the exports
 *   object of ./dynamic/<kind>.ts. Pulumi's closure serializer writes a captured module-exports object of a package
 *   in `node_modules` as `require("<package export path>")` instead of its code (@pulumi/pulumi
 *   runtime/closure/createClosure.js `captureModuleAsync`), so `__provider` is ~300 bytes:
 *   `const p = require("pulumi-seedance-assets/provider/resources/dynamic/asset")`.
 * - **By value** (`makeProvider`, the program finds this package by self-reference, e.g. the examples inside this
 *   repository, or the path the serializer would write would not resolve from the project): every method is a
 *   one-line delegation that loads the implementation by package name at call time (`loadRuntime`), ~3.5 kB.
 *   This is also the form 0.1.0 wrote into every state: ./runtime.ts keeps its `configure` and `providers` exports
 *   for that code.
 *
 * Either way nothing is captured but the resource kind — no configuration, no client, no credential
 * (pulumi/pulumi sdk/nodejs/runtime/closure/serializeClosure.ts; docs/sources.md "Pulumi"). The package is found from the Pulumi project directory (the
 * provider process's working directory).
 */
import { realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "./runtime.js";

/** The resource types this package defines; also the type part of their tokens (`…/seedance:<kind>`). */
export type ResourceKind = "AssetGroup" | "Asset";

/** The module part of the type tokens: `pulumi-nodejs:dynamic/seedance:<kind>`. */
export const TYPE_MODULE = "seedance";

/**
 * The implementation module, loaded by package name: from `node_modules`, else from the project directory, which
 * also finds the package by self-reference when the project is inside it. Must stay self-contained and free of
 * comments: it is serialized by value with the by-value providers, so it may use only `require`, `process` and
 * literals.
 */
export function loadRuntime(): typeof Runtime {
  const id = "pulumi-seedance-assets/provider/resources/runtime";
  try {
    return require(id) as typeof Runtime;
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
    const { createRequire } = require("node:module") as typeof import("node:module");
    try {
      return createRequire(`${process.cwd()}/`)(id) as typeof Runtime;
    } catch (inner) {
      if ((inner as { code?: string }).code !== "MODULE_NOT_FOUND") throw inner;
      throw new Error(
        `The Seedance provider cannot load its implementation: pulumi-seedance-assets is not installed for the Pulumi project in ${process.cwd()}. Run \`npm install pulumi-seedance-assets\` there (and \`npm run build\` when working in its repository).`,
      );
    }
  }
}

/**
 * The dynamic provider of one resource kind: every method is a one-line delegation to the runtime's
 * implementation of that kind. `configure` is synchronous (the host caches the provider before it resolves).
 */
export function makeProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  // No comments inside: the body is serialized into the state, comments included.
  return {
    configure(req) {
      loadRuntime().configure((key) => req.config.get(key));
      return Promise.resolve();
    },
    check: (olds, news) => loadRuntime().providers[kind].check(olds, news),
    diff: (id, olds, news) => loadRuntime().providers[kind].diff(id, olds, news),
    create: (inputs) => loadRuntime().providers[kind].create(inputs),
    read: (id, props) => loadRuntime().providers[kind].read(id, props),
    update: (id, olds, news) => loadRuntime().providers[kind].update(id, olds, news),
    delete: (id, props) => loadRuntime().providers[kind].delete(id, props),
  };
}

/** The module whose exports object is a kind's dynamic provider (./dynamic/), as this package exports it. */
export const PROVIDER_MODULES: { readonly [K in ResourceKind]: string } = {
  AssetGroup: "pulumi-seedance-assets/provider/resources/dynamic/asset-group",
  Asset: "pulumi-seedance-assets/provider/resources/dynamic/asset",
};

const chosen = new Map<ResourceKind, pulumi.dynamic.ResourceProvider>();

/**
 * The dynamic provider the resources of a kind are constructed with (one object per kind and process, so Pulumi
 * serializes it once): the exports object of ./dynamic/<kind>.ts when the closure serializer will write it as a
 * `require` of a path that the project directory resolves to that very module (see `serializedModulePath`), else the
 * by-value `makeProvider(kind)`.
 */
export function providerFor(kind: ResourceKind, cwd: string = process.cwd()): pulumi.dynamic.ResourceProvider {
  let provider = chosen.get(kind);
  if (!provider) {
    try {
      // By package name (self-reference from inside the package), so the file is the one the export path names.
      const file = require.resolve(PROVIDER_MODULES[kind]);
      if (serializedModulePath(file, cwd) !== undefined) provider = require(file) as pulumi.dynamic.ResourceProvider;
    } catch {
      // Not resolvable (e.g. a build without dist/): the by-value provider works everywhere.
    }
    provider ??= makeProvider(kind);
    chosen.set(kind, provider);
  }
  return provider;
}

/**
 * What Pulumi's closure serializer writes for a captured module-exports object loaded from `file`, when that is a
 * `require("<specifier>")` which, resolved from the project directory `cwd` (as the provider host resolves it),
 * loads `file` again; else undefined (the serializer would copy the module by value, or the specifier would not
 * resolve: the package is found by self-reference, or its `package.json` is out of the serializer's reach, as in
 * some pnpm layouts). Mirrors @pulumi/pulumi runtime/closure/createClosure.js `captureModuleAsync` and
 * runtime/closure/package.js `getModuleFromPath` (the package's `exports` map).
 */
export function serializedModulePath(file: string, cwd: string = process.cwd()): string | undefined {
  const parts = relative(cwd, file).split(sep);
  const at = parts.includes(".pnpm") ? parts.lastIndexOf("node_modules") : parts.indexOf("node_modules");
  if (at < 0) return undefined;
  try {
    const { getModuleFromPath } = require("@pulumi/pulumi/runtime/closure/package") as { getModuleFromPath(path: string): string };
    const specifier = getModuleFromPath(parts.slice(at + 1).join("/"));
    const { createRequire } = require("node:module") as typeof import("node:module");
    return realpathSync(createRequire(`${cwd}/`).resolve(specifier)) === realpathSync(file) ? specifier : undefined;
  } catch {
    return undefined;
  }
}
