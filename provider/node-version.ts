/**
 * The Node.js version check every entry point runs first (the package root, the emulator, the `seedance-assets`
 * CLI). Below the minimum the dependencies fail in ways that name neither Node nor the fix — undici 8 throws a
 * `TypeError` while loading on Node 20 — so the package stops before loading them, with a message that does.
 *
 * The minimum is the highest `engines.node` among the runtime dependencies: undici 8.12 declares `>=22.19.0`
 * (https://github.com/nodejs/undici/blob/main/package.json); @pulumi/pulumi, file-type and music-metadata `>=22`.
 * The versions tested are 22 and 24 (README "Node.js").
 */

/** The lowest Node.js version the package runs on, as `[major, minor, patch]`. */
export const MINIMUM_NODE_VERSION = [22, 19, 0] as const;

/** The Node.js major versions the test suite runs on. */
export const TESTED_NODE_MAJORS = [22, 24] as const;

/** Whether `version` (like `20.20.2` or `v24.1.0`) is at least MINIMUM_NODE_VERSION. */
export function isSupportedNodeVersion(version: string): boolean {
  const parts = version.replace(/^v/, "").split(".").map((part) => Number.parseInt(part, 10));
  for (let i = 0; i < MINIMUM_NODE_VERSION.length; i++) {
    const have = parts[i] ?? 0;
    const need = MINIMUM_NODE_VERSION[i]!;
    if (have !== need) return have > need;
  }
  return true;
}

/** The message for an unsupported Node.js: the running version, where it is, the minimum and the fix. */
export function unsupportedNodeMessage(version: string, execPath: string): string {
  const minimum = MINIMUM_NODE_VERSION.join(".");
  return [
    `pulumi-seedance-assets needs Node.js ${minimum} or newer (tested on ${TESTED_NODE_MAJORS.join(" and ")}), but this is Node.js ${version} (${execPath}).`,
    `Fix: install Node.js 22 LTS or 24 (https://nodejs.org, or \`nvm install 24\`) and make it the \`node\` on PATH — the Pulumi language host and the dynamic-provider process both run \`node\` from PATH.`,
  ].join("\n");
}

/**
 * Throws when the running Node.js is below the minimum. The error has no stack: it is an expected setup problem,
 * and a stack into this package's files would only hide the message.
 * @throws Error naming the running version, the minimum and the fix.
 */
export function assertSupportedNode(version: string = process.versions.node, execPath: string = process.execPath): void {
  if (isSupportedNodeVersion(version)) return;
  const error = new Error(unsupportedNodeMessage(version, execPath));
  error.name = "UnsupportedNodeVersion";
  error.stack = `${error.name}: ${error.message}`;
  throw error;
}

assertSupportedNode();
