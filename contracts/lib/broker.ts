/**
 * Pact Broker publishing without the Ruby/Rust broker CLI: pacts go through the broker's "publish contracts"
 * endpoint (`POST /contracts/publish`, broker ≥ 2.86; pact_broker docs "Publish Contracts"), verification results
 * through the Verifier's own publish options (./verify.ts BrokerSource). Optional: nothing here runs unless
 * PACT_BROKER_BASE_URL is set.
 *
 * Versions follow the broker's conventions (docs.pact.io "Versioning" and "Branches"): the pacticipant version is
 * the git commit SHA, the branch is the git branch. CI variables are read first, as the broker CLI's
 * `--auto-detect-version-properties` does; then git itself. A detached HEAD has no branch (none is sent).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { scrubSecrets } from "../../provider/logging.js";
import { CONSUMER } from "./names.js";

/** The broker's address and credentials, from PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN or PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD. */
export interface BrokerConfig {
  url: string;
  token?: string;
  username?: string;
  password?: string;
}

/** The broker configuration from the environment, or undefined when PACT_BROKER_BASE_URL is not set. */
export function brokerFromEnv(env: NodeJS.ProcessEnv = process.env): BrokerConfig | undefined {
  const url = env["PACT_BROKER_BASE_URL"];
  if (!url) return undefined;
  return {
    url: url.replace(/\/+$/, ""),
    ...(env["PACT_BROKER_TOKEN"] ? { token: env["PACT_BROKER_TOKEN"] } : {}),
    ...(env["PACT_BROKER_USERNAME"] ? { username: env["PACT_BROKER_USERNAME"], password: env["PACT_BROKER_PASSWORD"] ?? "" } : {}),
  };
}

/** The version properties of this checkout. */
export interface VersionInfo {
  /** The git commit SHA. */
  version: string;
  /** The git branch, when there is one (not on a detached HEAD). */
  branch?: string;
  /** The CI build URL, when a CI variable names one. */
  buildUrl?: string;
  /** Whether the working tree has uncommitted changes (the version then does not describe the code exactly). */
  dirty: boolean;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

/**
 * The version, branch and build URL, from CI variables (GIT_COMMIT / GITHUB_SHA / CI_COMMIT_SHA / BUILDKITE_COMMIT;
 * GIT_BRANCH / GITHUB_HEAD_REF or GITHUB_REF_NAME / CI_COMMIT_REF_NAME / BUILDKITE_BRANCH) or from git.
 * @throws Error when neither CI variables nor git give a commit.
 */
export function versionInfo(cwd: string, env: NodeJS.ProcessEnv = process.env): VersionInfo {
  const version = env["GIT_COMMIT"] || env["GITHUB_SHA"] || env["CI_COMMIT_SHA"] || env["BUILDKITE_COMMIT"] || git(["rev-parse", "HEAD"], cwd);
  if (!version) throw new Error("No version: not a git checkout, and none of GIT_COMMIT, GITHUB_SHA, CI_COMMIT_SHA, BUILDKITE_COMMIT is set.");
  const fromGit = git(["rev-parse", "--abbrev-ref", "HEAD"], cwd);
  const branch =
    env["GIT_BRANCH"] || env["GITHUB_HEAD_REF"] || env["GITHUB_REF_NAME"] || env["CI_COMMIT_REF_NAME"] || env["BUILDKITE_BRANCH"] || (fromGit && fromGit !== "HEAD" ? fromGit : undefined);
  const githubRun = env["GITHUB_SERVER_URL"] && env["GITHUB_REPOSITORY"] && env["GITHUB_RUN_ID"] ? `${env["GITHUB_SERVER_URL"]}/${env["GITHUB_REPOSITORY"]}/actions/runs/${env["GITHUB_RUN_ID"]}` : undefined;
  const buildUrl = env["BUILD_URL"] || githubRun || env["CI_JOB_URL"] || env["BUILDKITE_BUILD_URL"];
  const dirty = (git(["status", "--porcelain", "--untracked-files=no"], cwd) ?? "") !== "";
  return { version, ...(branch ? { branch: branch.replace(/^refs\/heads\//, "") } : {}), ...(buildUrl ? { buildUrl } : {}), dirty };
}

/** What the broker said about a publication: its log lines. */
export interface PublishResult {
  logs: { level: string; message: string }[];
}

function authHeader(broker: BrokerConfig): Record<string, string> {
  if (broker.token) return { authorization: `Bearer ${broker.token}` };
  if (broker.username) return { authorization: `Basic ${Buffer.from(`${broker.username}:${broker.password ?? ""}`).toString("base64")}` };
  return {};
}

/**
 * Publishes pact files as the consumer's contracts for one version (`POST /contracts/publish`).
 * @throws Error with the broker's status and answer (credentials scrubbed) when the broker refuses.
 */
export async function publishPacts(broker: BrokerConfig, files: readonly string[], info: VersionInfo): Promise<PublishResult> {
  const contracts = files.map((file) => {
    const pact = JSON.parse(readFileSync(file, "utf8")) as { consumer?: { name?: string }; provider?: { name?: string } };
    const consumerName = pact.consumer?.name ?? CONSUMER;
    const providerName = pact.provider?.name;
    if (!providerName) throw new Error(`${basename(file)} names no provider.`);
    return {
      consumerName,
      providerName,
      specification: "pact",
      contentType: "application/json",
      content: readFileSync(file).toString("base64"),
    };
  });
  const body = {
    pacticipantName: CONSUMER,
    pacticipantVersionNumber: info.version,
    ...(info.branch ? { branch: info.branch } : {}),
    ...(info.buildUrl ? { buildUrl: info.buildUrl } : {}),
    contracts,
  };
  const response = await fetch(`${broker.url}/contracts/publish`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/hal+json, application/json", ...authHeader(broker) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`The broker refused the pacts: HTTP ${response.status} ${scrubSecrets(text, [broker.token, broker.password]).slice(0, 1000)}`);
  }
  let parsed: { logs?: { level?: string; message?: string }[] } = {};
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    // An answer without logs is still a success.
  }
  return { logs: (parsed.logs ?? []).map((l) => ({ level: String(l.level ?? "info"), message: String(l.message ?? "") })) };
}
