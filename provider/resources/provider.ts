/**
 * The serializable dynamic providers. Pulumi writes a dynamic provider into the state as code (the `__provider`
 * property) and runs that code for refresh and delete, so these objects are deliberately thin: each method loads
 * the implementation (./runtime.ts) by package name at call time and delegates to it. Nothing is captured but the
 * resource kind — no configuration, no client, no credential (../../../shared/notes/pulumi.md "Serialization").
 *
 * The package is found from the Pulumi project directory (the provider process's working directory): as an
 * installed dependency (`node_modules/pulumi-seedance-assets`), or by self-reference when the program lives inside
 * this package (the examples).
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "./runtime.js";

/** The resource types this package defines; also the type part of their tokens (`…/seedance:<kind>`). */
export type ResourceKind = "AssetGroup" | "Asset";

/** The module part of the type tokens: `pulumi-nodejs:dynamic/seedance:<kind>`. */
export const TYPE_MODULE = "seedance";

/**
 * The implementation module, loaded by package name. Must stay self-contained: it is serialized by value with the
 * providers, so it may use only `require`, `process` and literals.
 */
export function loadRuntime(): typeof Runtime {
  const id = "pulumi-seedance-assets/provider/resources/runtime";
  try {
    return require(id) as typeof Runtime;
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND") throw error;
    // Not installed under node_modules: resolve from the project directory, which also finds the package by
    // self-reference when the project is inside it.
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
