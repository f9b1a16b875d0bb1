/**
 * The stack trace a resource's registration records: the program's own frames only.
 *
 * `@pulumi/pulumi` records where each resource was declared: `Resource.stackTrace` reads `new Error().stack` (with
 * `Error.stackTraceLimit` unlimited), drops its first five frames — `callsites`, `stackTrace`, `new Resource`,
 * `new CustomResource` and the class right below it — and sends the rest as the resource's `sourcePosition` (the
 * first) and `stackTrace`, which the engine stores in the state of every resource (@pulumi/pulumi resource.js
 * `Resource.callsites`/`stackTrace`; pulumi/pulumi pkg/resource/deploy/source_eval.go `sourcePositions`). For a
 * Seedance resource that trace is ~17 frames and ~560 bytes per resource, almost all of it this package, `@pulumi`
 * and Node internals, and its first frame — the source position — is this package's own constructor, not the
 * program's declaration.
 *
 * So while a Seedance resource registers, `Error.prepareStackTrace` hands the SDK's capture (recognised by its
 * first frame, `Resource.callsites`) only the five frames the SDK drops plus the program's frames: not Node's, not
 * anything under `node_modules`, not this package's. The source position then is the program's line that declared
 * the resource, and the trace is one or two frames. Every other stack is formatted as before, by the previously
 * installed `Error.prepareStackTrace` (e.g. the `source-map-support` that Pulumi's TypeScript runner installs) or
 * as V8 formats it. A future SDK that captures differently is simply not trimmed.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** How many leading frames `Resource.stackTrace(4)` drops (it slices at `skip + 1`). */
const SDK_DROPPED_FRAMES = 5;

/** This package's compiled `provider/` directory: library.js, resources/…; never a program's own code. */
const PACKAGE_CODE = dirname(__dirname);

/** The file of a frame as a path (ESM frames name `file:` URLs), or undefined for native and eval frames. */
function fileOf(frame: NodeJS.CallSite): string | undefined {
  const name = frame.getFileName() ?? undefined;
  if (name === undefined) return undefined;
  return name.startsWith("file:") ? fileURLToPath(name) : name;
}

/**
 * Whether a frame is the program's own code: a file (absolute path or `file:` URL) outside Node, `node_modules` and
 * `packageCode` (default: this package's compiled `provider/` directory). Native and eval frames are not.
 */
export function isProgramFrame(frame: NodeJS.CallSite, packageCode: string = PACKAGE_CODE): boolean {
  const file = fileOf(frame);
  if (file === undefined || file.startsWith("node:") || !file.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(file)) return false;
  return !/[\\/]node_modules[\\/]/.test(file) && !file.startsWith(packageCode);
}

/**
 * The frame lines of a formatted stack, each as the SDK's position pattern needs it (`at <name> (<path>:<line>:<column>)`):
 * V8 writes an ES module's top-level frame without a name or parentheses (`at file:///…/index.mts:2:18`), which the
 * SDK would record as an empty frame, and `file:` URLs, which it would turn into a nonsense path. Positions are kept
 * as given (source-mapped when a `source-map-support` formatted them).
 */
export function withParseableFrames(stack: string): string {
  return stack.replace(/^(\s+at )(.*)$/gm, (_line, at: string, rest: string) => {
    const named = /^(.*?) \((.*)\)$/.exec(rest);
    const [name, where] = named ? [named[1]!, named[2]!] : ["<anonymous>", rest];
    const position = /^(file:.*)(:\d+:\d+)$/.exec(where);
    const path = position ? `${fileURLToPath(position[1]!)}${position[2]!}` : where;
    return `${at}${name} (${path})`;
  });
}

/**
 * Trims the SDK's registration trace to the program's frames until the returned function is called (which puts
 * back the previous `Error.prepareStackTrace`). Call it right before `super(...)` in a resource constructor and the
 * returned function right after, also when the constructor throws.
 */
export function keepProgramFramesOnly(): () => void {
  const previous = Error.prepareStackTrace;
  const trimming = (error: Error, frames: NodeJS.CallSite[]): unknown => {
    const sdkCapture = frames[0]?.getFunctionName() === "callsites";
    const kept = sdkCapture ? [...frames.slice(0, SDK_DROPPED_FRAMES), ...frames.slice(SDK_DROPPED_FRAMES).filter((frame) => isProgramFrame(frame))] : frames;
    const stack = previous ? previous(error, kept) : [Error.prototype.toString.call(error), ...kept.map((frame) => `    at ${String(frame)}`)].join("\n");
    return sdkCapture && typeof stack === "string" ? withParseableFrames(stack) : stack;
  };
  Error.prepareStackTrace = trimming;
  return () => {
    if (Error.prepareStackTrace === trimming) Error.prepareStackTrace = previous;
  };
}
