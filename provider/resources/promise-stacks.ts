/**
 * Cheaper resource registration. `@pulumi/pulumi` gives every promise it makes while registering a resource a stack
 * trace for its promise-leak report (runtime/debuggable.js `debuggablePromise`: `new Error().stack`), and under the
 * `source-map-support` that `cmd/run` installs, each of those traces is source-mapped frame by frame on the spot.
 * Profiled here: ~9 ms of CPU per Asset — 9 s of a 1000-asset program — and the trace strings are kept for the whole
 * run (the program's RSS). The traces are read only when `PULUMI_DEBUG_PROMISE_LEAKS` is set.
 *
 * So the constructors register with `Error.stackTraceLimit = 0` — unless that variable is set — and restore it
 * right after. The resource's own source position is unaffected: the SDK takes it with its own, unlimited,
 * `Error.stackTraceLimit` (resource.js `Resource.callsites`).
 */

/**
 * Stops stack capture until the returned function is called (restores the previous `Error.stackTraceLimit`), or at
 * the latest until the current synchronous code is done (a microtask restores it too, in case the constructor threw);
 * does nothing when `PULUMI_DEBUG_PROMISE_LEAKS` is set.
 */
export function suspendPromiseStacks(env: Readonly<Record<string, string | undefined>> = process.env): () => void {
  if (env["PULUMI_DEBUG_PROMISE_LEAKS"]) return () => {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    Error.stackTraceLimit = limit;
  };
  queueMicrotask(restore);
  return restore;
}
