/**
 * The dynamic providers, as the state holds them. Pulumi keeps a dynamic provider in the state as code (the
 * `__provider` property, in the inputs and again in the outputs of every resource) and runs that code for refresh
 * and delete, so it must be small and must find this package's implementation at run time. Two forms, one behaviour:
 *
 * - **By reference** (`providerReference`, the package installed under `node_modules`): one line that requires the
 *   kind's module by its export path, `exports.handler = () => require("pulumi-seedance-assets/provider/resources/dynamic/asset");`
 *   (91 characters; 97 for asset-group). The module's exports object IS the provider (./dynamic/<kind>.ts).
 * - **By value** (`makeProvider`, the program finds this package by self-reference, e.g. the examples inside this
 *   repository): every method is a one-line delegation that loads the implementation by package name at call time
 *   (`loadRuntime`), serialized by Pulumi's closure serializer, ~3.5 kB. This is also the form 0.1.0 wrote into
 *   every state: ./runtime.ts keeps its `configure` and `providers` exports for that code.
 *
 * States written before the by-reference line keep working: 0.1.0's by-value code, and the ~300-byte closure that
 * Pulumi's serializer made of the ./dynamic/ module (`const provider = require("…/dynamic/asset")`), both load the
 * same modules, which stay at their export paths.
 *
 * Either way nothing is captured but the resource kind — no configuration, no client, no credential
 * (pulumi/pulumi sdk/nodejs/runtime/closure/serializeClosure.ts; docs/sources.md "Pulumi"). The package is found
 * from the Pulumi project directory (the provider process's working directory).
 */
import { readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
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
export function makeProvider(kind: ResourceKind): Required<pulumi.dynamic.ResourceProvider> {
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

/**
 * The by-reference `__provider` of a kind: a module whose `handler()` returns the exports object of
 * ./dynamic/<kind>.ts, loaded by its export path: 91 characters for Asset, 97 for AssetGroup. The dynamic-provider host loads this text with
 * `require-from-string` (module paths from its working directory, the Pulumi project) and calls `handler()`
 * (@pulumi/pulumi cmd/dynamic-provider/index.js `getProvider`), which is all a `__provider` has to do.
 */
export function providerReference(kind: ResourceKind): string {
  return `exports.handler = () => require(${JSON.stringify(PROVIDER_MODULES[kind])});`;
}

const chosen = new Map<ResourceKind, string | Promise<string>>();

/**
 * The `__provider` the resources of a kind are registered with (computed once per kind and process):
 * `providerReference(kind)` when the project directory `cwd` resolves the kind's export path to this very module
 * (the package installed or linked under `node_modules`: see `resolvesToThisModule`), else the by-value
 * `makeProvider(kind)` serialized with `pulumi.runtime.serializeFunction`, exactly as `pulumi.dynamic.Resource`
 * serializes a provider (a program that finds this package by self-reference, e.g. the examples in this repository).
 * A promise only in the by-value case; Pulumi resolves input promises before registration.
 */
export function providerSource(kind: ResourceKind, cwd: string = process.cwd()): string | Promise<string> {
  let source = chosen.get(kind);
  if (source === undefined) {
    source = resolvesToThisModule(kind, cwd)
      ? providerReference(kind)
      : serializeByValue(kind);
    chosen.set(kind, source);
  }
  return source;
}

async function serializeByValue(kind: ResourceKind): Promise<string> {
  const { runtime } = require("@pulumi/pulumi") as typeof pulumi;
  const provider = makeProvider(kind);
  return (await runtime.serializeFunction(() => provider, { allowSecrets: false })).text;
}

/** This package's name: a project whose nearest `package.json` has it finds the package by self-reference. */
const PACKAGE_NAME = "pulumi-seedance-assets";

/**
 * Whether the export path of a kind's provider module, resolved from the project directory `cwd` as the provider
 * host resolves it (node_modules lookup), is the very file this package loads. True for the package installed under
 * `node_modules` by npm or pnpm, or linked there (`npm link`, workspaces, `file:` dependencies). False when the
 * project finds this package by self-reference (its nearest `package.json` is this package's, e.g. the examples
 * in this repository: the host's module, loaded from a string, has no package scope to self-reference from), when
 * the path does not resolve from `cwd`, or when it resolves to another copy.
 */
export function resolvesToThisModule(kind: ResourceKind, cwd: string = process.cwd()): boolean {
  try {
    if (nearestPackageName(cwd) === PACKAGE_NAME) return false;
    // By package name (self-reference from inside the package), so the file is the one the export path names.
    const own = require.resolve(PROVIDER_MODULES[kind]);
    const { createRequire } = require("node:module") as typeof import("node:module");
    const fromProject = createRequire(`${cwd}/`).resolve(PROVIDER_MODULES[kind]);
    return realpathSync(fromProject) === realpathSync(own);
  } catch {
    // Not resolvable (e.g. a build without dist/, or no such package for the project): by value works everywhere.
    return false;
  }
}

/** The `name` of the nearest `package.json` at or above `dir`, or undefined (none, or no name). */
function nearestPackageName(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    try {
      return (JSON.parse(readFileSync(join(at, "package.json"), "utf8")) as { name?: string }).name;
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") return undefined;
    }
    if (dirname(at) === at) return undefined;
  }
}
