/**
 * What AssetGroup and Asset have in common: each is a Pulumi dynamic resource, registered as
 * `pulumi-nodejs:dynamic/seedance:<kind>` with its provider in the `__provider` property — the contract of
 * `pulumi.dynamic.Resource` (@pulumi/pulumi dynamic/index.js), which is a `CustomResource` of that type token with
 * that one property. This class registers the same token and property itself, so that `__provider` is the
 * ~95-byte by-reference line of ./provider.ts instead of the ~300-byte closure Pulumi's serializer makes of any
 * provider object (the state holds it twice per resource). Type tokens and URNs are those `pulumi.dynamic.Resource`
 * gives, so stacks written by earlier versions keep their resources.
 *
 * Registration is also made cheaper and its recorded trace smaller (./promise-stacks.ts, ./declaration-trace.ts),
 * and every declared resource counts towards the parallelism advice (./parallelism.ts).
 */
import "./typescript-compat.js";
import * as pulumi from "@pulumi/pulumi";
import { keepProgramFramesOnly } from "./declaration-trace.js";
import { countDeclared } from "./parallelism.js";
import { providerSource, TYPE_MODULE, type ResourceKind } from "./provider.js";
import { suspendPromiseStacks } from "./promise-stacks.js";

/** The base class of AssetGroup and Asset: a dynamic resource of this package's provider for `kind`. */
export abstract class SeedanceResource extends pulumi.CustomResource {
  /**
   * @param kind which of this package's providers runs the resource.
   * @param props the resource's inputs, and its outputs as `undefined` (`__provider` is added here).
   */
  protected constructor(kind: ResourceKind, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const restoreStacks = suspendPromiseStacks();
    const restoreTrace = keepProgramFramesOnly();
    try {
      super(`pulumi-nodejs:dynamic/${TYPE_MODULE}:${kind}`, name, { ...props, __provider: providerSource(kind) }, opts);
    } finally {
      restoreTrace();
      restoreStacks();
    }
    if (!opts?.id) countDeclared();
  }
}
