/**
 * `seedance-assets comment review.md`: posts the review as the pull request's (GitHub) or merge request's (GitLab)
 * review comment, updating the earlier one in place (../review/comment.ts).
 */
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { postReviewComment, targetFromEnv } from "../review/comment.js";

/** One line for the command list of `seedance-assets --help`. */
export const summary = "post a review as the pull/merge request's comment, updated in place";

/** The help text. */
export const usage = `Usage: seedance-assets comment <review.md>

Posts the Markdown written by \`seedance-assets review\` as the review comment of the current pull request (GitHub
Actions) or merge request (GitLab CI); a later run updates the same comment instead of adding another.

GitHub Actions: needs GITHUB_TOKEN (\`env: GITHUB_TOKEN: \${{ github.token }}\`, \`permissions: pull-requests: write\`)
  and a pull_request event; GITHUB_API_URL and GITHUB_REPOSITORY come from the runner.
GitLab CI: needs GITLAB_TOKEN (a project access token with api scope, as a masked variable) in a merge-request
  pipeline; CI_API_V4_URL, CI_PROJECT_ID and CI_MERGE_REQUEST_IID come from the runner.`;

/**
 * Runs the command.
 * @returns 0 when the comment was created or updated; 1 on a failure (the message names the missing variable or the
 *   API's answer, never the token).
 */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let file: string | undefined;
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } });
    if (values.help) {
      process.stdout.write(`${usage}\n`);
      return 0;
    }
    file = positionals[0];
    if (!file) throw new Error("which file? Fix: seedance-assets comment review.md");
    const result = await postReviewComment(targetFromEnv(env), await readFile(file, "utf8"));
    process.stdout.write(`review comment ${result.action} (id ${result.id})\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`seedance-assets comment: ${(error as Error).message}\n`);
    return 1;
  }
}
