/**
 * Posts a review as a pull-request (GitHub) or merge-request (GitLab) comment, updating the earlier one in place:
 * the comment is found by the marker its first line carries (./render.ts REVIEW_MARKER), so a pull request has one
 * review comment that always shows the latest preview, however often the job runs.
 *
 * APIs used (documented, stable):
 * - GitHub REST: GET/POST `/repos/{owner}/{repo}/issues/{number}/comments`, PATCH `/repos/{owner}/{repo}/issues/comments/{id}`
 *   (https://docs.github.com/en/rest/issues/comments), token in `Authorization: Bearer`.
 * - GitLab REST v4: GET/POST `/projects/{id}/merge_requests/{iid}/notes`, PUT `/projects/{id}/merge_requests/{iid}/notes/{note_id}`
 *   (https://docs.gitlab.com/api/notes/#merge-requests), token in `PRIVATE-TOKEN`.
 */
import { readFileSync } from "node:fs";
import { request } from "undici";
import { REVIEW_MARKER } from "./render.js";

/** Where the comment goes. The token is sent only to `apiUrl`, never printed. */
export interface CommentTarget {
  host: "github" | "gitlab";
  /** e.g. `https://api.github.com` or `https://gitlab.com/api/v4` (no trailing slash). */
  apiUrl: string;
  /** GitHub: `owner/repo`; GitLab: the numeric project id (or its URL-encoded path). */
  project: string;
  /** The pull request number (GitHub) or merge request IID (GitLab). */
  number: string;
  token: string;
}

/** What was done: a new comment, or the earlier one updated. */
export interface CommentResult {
  action: "created" | "updated";
  id: number;
}

/**
 * The target from the CI environment: GitHub Actions (`GITHUB_API_URL`, `GITHUB_REPOSITORY`, the event payload at
 * `GITHUB_EVENT_PATH`, token in `GITHUB_TOKEN`) or GitLab CI (`CI_API_V4_URL`, `CI_PROJECT_ID`,
 * `CI_MERGE_REQUEST_IID`, token in `GITLAB_TOKEN`: a project access token with `api` scope, because the job token
 * cannot write notes).
 * @throws Error naming the missing variables when neither CI is recognized completely.
 */
export function targetFromEnv(env: NodeJS.ProcessEnv): CommentTarget {
  if (env["GITLAB_CI"] || env["CI_API_V4_URL"]) {
    const missing = ["CI_API_V4_URL", "CI_PROJECT_ID", "CI_MERGE_REQUEST_IID", "GITLAB_TOKEN"].filter((k) => !env[k]);
    if (missing.length) throw new Error(`cannot comment on the merge request: ${missing.join(", ")} not set. Fix: run in a merge-request pipeline and give GITLAB_TOKEN (a project access token with api scope) as a masked CI/CD variable.`);
    return { host: "gitlab", apiUrl: env["CI_API_V4_URL"]!.replace(/\/$/, ""), project: env["CI_PROJECT_ID"]!, number: env["CI_MERGE_REQUEST_IID"]!, token: env["GITLAB_TOKEN"]! };
  }
  let number: string | undefined;
  if (env["GITHUB_EVENT_PATH"]) {
    try {
      const event = JSON.parse(readFileSync(env["GITHUB_EVENT_PATH"], "utf8")) as { pull_request?: { number?: number } };
      if (event.pull_request?.number !== undefined) number = String(event.pull_request.number);
    } catch {
      // reported below as a missing pull request number
    }
  }
  const missing = [env["GITHUB_REPOSITORY"] ? "" : "GITHUB_REPOSITORY", env["GITHUB_TOKEN"] ? "" : "GITHUB_TOKEN", number ? "" : "the pull request number (GITHUB_EVENT_PATH of a pull_request event)"].filter(Boolean);
  if (missing.length) throw new Error(`cannot comment on the pull request: ${missing.join(", ")} missing. Fix: run on a pull_request event with \`env: GITHUB_TOKEN: \${{ github.token }}\` and \`permissions: pull-requests: write\`.`);
  return { host: "github", apiUrl: (env["GITHUB_API_URL"] ?? "https://api.github.com").replace(/\/$/, ""), project: env["GITHUB_REPOSITORY"]!, number: number!, token: env["GITHUB_TOKEN"]! };
}

/**
 * Creates the review comment, or updates the one that carries the marker.
 * @param body the Markdown; must start with the marker (renderReview's output does).
 * @throws Error with the HTTP status and the API's message (never the token) when a call fails.
 */
export async function postReviewComment(target: CommentTarget, body: string): Promise<CommentResult> {
  if (!body.startsWith(REVIEW_MARKER)) throw new Error("the comment does not start with the review marker: pass the output of `seedance-assets review`.");
  const api = endpoints(target);
  for (let page = 1; page <= 50; page++) {
    const comments = (await call(target, "GET", `${api.list}?per_page=100&page=${page}`)) as { id: number; body?: string }[];
    const mine = comments.find((c) => c.body?.startsWith(REVIEW_MARKER));
    if (mine) {
      await call(target, target.host === "github" ? "PATCH" : "PUT", api.one(mine.id), { body });
      return { action: "updated", id: mine.id };
    }
    if (comments.length < 100) break;
  }
  const created = (await call(target, "POST", api.list, { body })) as { id: number };
  return { action: "created", id: created.id };
}

function endpoints(t: CommentTarget): { list: string; one: (id: number) => string } {
  if (t.host === "github") {
    return { list: `${t.apiUrl}/repos/${t.project}/issues/${t.number}/comments`, one: (id) => `${t.apiUrl}/repos/${t.project}/issues/comments/${id}` };
  }
  const base = `${t.apiUrl}/projects/${encodeURIComponent(t.project)}/merge_requests/${t.number}/notes`;
  return { list: base, one: (id) => `${base}/${id}` };
}

async function call(t: CommentTarget, method: "GET" | "POST" | "PATCH" | "PUT", url: string, json?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json", "user-agent": "pulumi-seedance-assets" };
  if (t.host === "github") headers["authorization"] = `Bearer ${t.token}`;
  else headers["private-token"] = t.token;
  if (json !== undefined) headers["content-type"] = "application/json";
  const response = await request(url, { method, headers, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  const text = await response.body.text();
  if (response.statusCode >= 300) {
    throw new Error(`${method} ${new URL(url).pathname} answered HTTP ${response.statusCode}: ${text.slice(0, 300).replaceAll(t.token, "***")}`);
  }
  return text ? (JSON.parse(text) as unknown) : undefined;
}
