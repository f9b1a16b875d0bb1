/**
 * `seedance-assets review`: turns `pulumi preview --json` of an asset library into the Markdown a reviewer reads in a
 * pull-request comment (./../review/render.ts), with before/after thumbnails of local media at the pull request's base
 * and head commits.
 *
 *   pulumi preview --json > preview.json
 *   seedance-assets review preview.json --out review.md --detailed-exitcode
 */
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { isGatewayName } from "../../provider/gateways/index.js";
import { defaultTier, isTierName, tierQuotas, tierSpec } from "../../provider/gateways/tiers.js";
import { createMediaResolver, type MediaResolver } from "../review/media.js";
import { planReview, hasChanges, type PreviewDocument, type StateDocument } from "../review/plan.js";
import { renderReview, type QuotaView } from "../review/render.js";

/** One line for the command list of `seedance-assets --help`. */
export const summary = "turn `pulumi preview --json` into a Markdown review for a pull-request comment";

/** The help text. */
export const usage = `Usage: seedance-assets review [preview.json | -] [options]

Reads the output of \`pulumi preview --json\` (a file, or standard input with - or no argument) and prints a Markdown
review of the asset library change: per group and asset what is created, renamed, replaced (and which input forces
it) or deleted, with counts, the effect on the tier's quotas, warnings for what cannot be undone, and before/after
thumbnails and measured properties of local media files.

Options:
  --out <file>            write the Markdown there instead of standard output
  --state <file>          the stack's state (\`pulumi stack export\`): totals against the tier's quotas
  --stack <name>          the stack's name, shown in the heading
  --project-dir <dir>     the Pulumi project directory (local file sources are relative to it); default: .
  --base <commit>         the commit the pull request starts from (before-side media)
  --head <commit>         the commit under review (after-side media); default: the working tree
  --link-template <url>   link to a file at a commit, with {sha} and {path}; default from the CI environment:
                          GitHub  \${GITHUB_SERVER_URL}/\${GITHUB_REPOSITORY}/raw/{sha}/{path}
                          GitLab  \${CI_PROJECT_URL}/-/raw/{sha}/{path}
  --no-media              do not read media files (no thumbnails or properties)
  --detailed-exitcode     exit 0 when nothing changes, 2 when something does (1 is an error, or a failed preview,
                          whose review is still written)
  -h, --help              this text

Base and head default to the pull request's commits when run in GitHub Actions (the event payload) or GitLab CI
(CI_MERGE_REQUEST_DIFF_BASE_SHA, CI_COMMIT_SHA).`;

/**
 * Runs the command.
 * @param argv the arguments after `review`.
 * @param env the environment (CI variables); default `process.env`.
 * @returns the exit code: 0, or with `--detailed-exitcode` 0 (no changes) / 2 (changes); 1 for an error, whose
 *   message goes to standard error, and 1 when the preview itself failed (the review is written all the same, with
 *   the preview's errors in it).
 */
export async function run(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: "string" },
        state: { type: "string" },
        stack: { type: "string" },
        "project-dir": { type: "string", default: "." },
        base: { type: "string" },
        head: { type: "string" },
        "link-template": { type: "string" },
        "no-media": { type: "boolean", default: false },
        "detailed-exitcode": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`seedance-assets review: ${(error as Error).message}\n\n${usage}\n`);
    return 1;
  }
  const { values, positionals } = args;
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  try {
    const input = positionals[0];
    const text = input === undefined || input === "-" ? await readStdin() : await readFile(input, "utf8");
    let preview: PreviewDocument;
    try {
      preview = JSON.parse(text) as PreviewDocument;
    } catch (error) {
      throw new Error(`${input ?? "standard input"} is not JSON (${(error as Error).message}). Fix: pass the output of \`pulumi preview --json\`.`);
    }
    const state = values.state ? (JSON.parse(await readFile(values.state, "utf8")) as StateDocument) : undefined;
    const plan = planReview(preview, state);
    const commits = ciCommits(env);
    const base = values.base ?? commits.base;
    const head = values.head ?? commits.head;
    const linkTemplate = values["link-template"] ?? ciLinkTemplate(env);
    let media: MediaResolver | undefined;
    if (!values["no-media"]) {
      media = await createMediaResolver({ projectDir: values["project-dir"], ...(base ? { base } : {}), ...(head ? { head } : {}), ...(linkTemplate ? { linkTemplate } : {}) });
    }
    const quota = quotaOf(plan.config, env);
    const markdown = await renderReview(plan, { ...(values.stack ? { stack: values.stack } : {}), ...(media ? { media } : {}), ...(quota ? { quota } : {}) });
    if (values.out) await writeFile(values.out, markdown);
    else process.stdout.write(markdown);
    if (plan.errors.length) {
      process.stderr.write(`seedance-assets review: the preview failed (${plan.errors.length} error(s)); the review says why.\n`);
      return 1;
    }
    return values["detailed-exitcode"] && hasChanges(plan) ? 2 : 0;
  } catch (error) {
    process.stderr.write(`seedance-assets review: ${(error as Error).message}\n`);
    return 1;
  }
}

/**
 * The quotas of the stack's gateway and tier: `seedance:gateway` and `seedance:tier` of the preview's configuration,
 * else the provider's environment variables (`SEEDANCE_GATEWAY`, `SEEDANCE_TIER`); the gateway's default tier when
 * none is set (provider/gateways/tiers.ts). Undefined when the gateway is not known (e.g. named profiles).
 */
export function quotaOf(config: Record<string, string>, env: NodeJS.ProcessEnv): QuotaView | undefined {
  const gateway = config["seedance:gateway"] ?? env["SEEDANCE_GATEWAY"];
  if (!gateway || !isGatewayName(gateway)) return undefined;
  const configured = config["seedance:tier"] ?? env["SEEDANCE_TIER"];
  const tier = isTierName(configured) ? configured : defaultTier(gateway);
  const { assets, groups } = tierQuotas(gateway, tier);
  return { label: `${gateway}, ${tierSpec(gateway, tier).title} tier${isTierName(configured) ? "" : " (the gateway's default)"}`, assets, groups };
}

/** The pull request's base and head commits from GitHub Actions' event payload or GitLab CI's variables. */
export function ciCommits(env: NodeJS.ProcessEnv): { base?: string; head?: string } {
  if (env["CI_MERGE_REQUEST_DIFF_BASE_SHA"]) {
    return { base: env["CI_MERGE_REQUEST_DIFF_BASE_SHA"], ...(env["CI_COMMIT_SHA"] ? { head: env["CI_COMMIT_SHA"] } : {}) };
  }
  const eventPath = env["GITHUB_EVENT_PATH"];
  if (eventPath) {
    try {
      const event = JSON.parse(readFileSync(eventPath, "utf8")) as { pull_request?: { base?: { sha?: string }; head?: { sha?: string } } };
      const base = event.pull_request?.base?.sha;
      const head = event.pull_request?.head?.sha;
      return { ...(base ? { base } : {}), ...(head ? { head } : {}) };
    } catch {
      return {};
    }
  }
  return {};
}

/** The raw-file link template of the CI's repository host, when the environment says which. */
export function ciLinkTemplate(env: NodeJS.ProcessEnv): string | undefined {
  if (env["GITHUB_SERVER_URL"] && env["GITHUB_REPOSITORY"]) return `${env["GITHUB_SERVER_URL"]}/${env["GITHUB_REPOSITORY"]}/raw/{sha}/{path}`;
  if (env["CI_PROJECT_URL"]) return `${env["CI_PROJECT_URL"]}/-/raw/{sha}/{path}`;
  return undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
