// `npm run liveness -- --gateway volcengine --callback-url https://example.com/verified`: obtains the id of a
// real-person (LivenessFace) group. Starts a verification session (CreateVisualValidateSession), prints the H5 link
// for the person to open on their phone within 120 s, polls GetVisualValidateResult, and prints the new group id
// with the lines to put in library.yaml or a program. Credentials come from the same environment variables as the
// provider (SEEDANCE_API_KEY for Anyfast — a "Byteplus-Direct" token —; VOLCENGINE_ACCESS_KEY_ID /
// VOLCENGINE_SECRET_ACCESS_KEY or BYTEPLUS_… for the native gateways; Pulumi.yaml.example lists them all).
//
// Options:
//   --gateway <name>         volcengine | byteplus | anyfast (default: SEEDANCE_GATEWAY)
//   --callback-url <url>     where the person's browser goes when done (default: SEEDANCE_LIVENESS_CALLBACK_URL)
//   --project <name>         the Ark project the group belongs to (default: SEEDANCE_PROJECT_NAME, else default)
//   --base-url <url>         another endpoint, e.g. the emulator's (default: SEEDANCE_BASE_URL, else the gateway's)
//   --timeout <seconds>      how long to wait for the person (default 150)
//   --poll <seconds>         between result checks (default 5; the actions allow 3 per second)
//   --simulate-face <label>  emulator only: complete the simulated H5 step itself with this face label
//   --json                   print one JSON object {groupId, gateway, projectName} instead of the text
// Exit codes: 0 a group id was printed; 1 the verification did not complete or a call failed; 2 bad usage.
import { parseArgs } from "node:util";
import { GatewayClient, servesVerification, VerificationNotCompletedError, verifyRealPerson } from "pulumi-seedance-assets";
import { loadConfig, resolveProfile } from "pulumi-seedance-assets/provider/resources/config";

const usage = "usage: npm run liveness -- --gateway <volcengine|byteplus|anyfast> --callback-url <https://…> [--project <name>] [--base-url <url>] [--timeout <s>] [--poll <s>] [--simulate-face <label>] [--json]";

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      gateway: { type: "string" },
      "callback-url": { type: "string" },
      project: { type: "string" },
      "base-url": { type: "string" },
      timeout: { type: "string", default: "150" },
      poll: { type: "string", default: "5" },
      "simulate-face": { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  }));
} catch (error) {
  fail(2, `${(error as Error).message}\n${usage}`);
}
if (args.help) {
  console.log(usage);
  process.exit(0);
}

const env: Record<string, string | undefined> = {
  ...process.env,
  ...(args.gateway ? { SEEDANCE_GATEWAY: args.gateway } : {}),
  ...(args["base-url"] ? { SEEDANCE_BASE_URL: args["base-url"] } : {}),
  ...(args.project ? { SEEDANCE_PROJECT_NAME: args.project } : {}),
};
const callbackUrl = args["callback-url"] ?? env["SEEDANCE_LIVENESS_CALLBACK_URL"];
if (!callbackUrl) fail(2, `--callback-url is required: the page the person's browser is sent to when the check is done (an https URL you control; the gateway appends bytedToken and resultCode).\n${usage}`);
const timeoutSeconds = Number(args.timeout);
const pollSeconds = Number(args.poll);
if (!(timeoutSeconds > 0) || !(pollSeconds > 0)) fail(2, `--timeout and --poll must be numbers of seconds greater than 0.\n${usage}`);

let client: GatewayClient;
let projectName: string;
let gateway: string;
try {
  const resolved = resolveProfile(loadConfig(() => undefined, env), undefined);
  client = new GatewayClient(resolved.profile);
  projectName = resolved.projectName;
  gateway = resolved.profile.gateway;
} catch (error) {
  fail(2, `${(error as Error).message}\nThis command reads the provider's environment variables: SEEDANCE_GATEWAY, SEEDANCE_API_KEY (Anyfast), VOLCENGINE_ACCESS_KEY_ID and VOLCENGINE_SECRET_ACCESS_KEY (or BYTEPLUS_…), SEEDANCE_BASE_URL, SEEDANCE_PROJECT_NAME.`);
}
if (!servesVerification(client.capabilities)) {
  fail(2, `${gateway} has no real-person verification. Use volcengine, byteplus or anyfast (a "Byteplus-Direct" token).`);
}

const say = (line: string) => (args.json ? console.error(line) : console.log(line));

try {
  const groupId = await verifyRealPerson(client, {
    callbackUrl,
    projectName,
    pollIntervalMs: pollSeconds * 1000,
    timeoutMs: timeoutSeconds * 1000,
    onSession: async (session) => {
      say(`Open this link on the person's phone before ${session.linkExpiresAt.toISOString()} (it works for 120 s and only once):`);
      say(`\n  ${session.h5Link}\n`);
      say("Send it only to that person: it carries temporary credentials. They consent, pass the liveness check and tap Complete.");
      const face = args["simulate-face"];
      if (face !== undefined) {
        const link = new URL(session.h5Link);
        if (!link.pathname.startsWith("/_emulator/visual-validate/")) fail(2, "--simulate-face works only against the emulator (its H5 link is /_emulator/visual-validate/…).");
        const res = await fetch(`${link.origin}${link.pathname}/complete`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ face }) });
        if (!res.ok) fail(1, `The emulator refused the simulated H5 step: ${res.status} ${await res.text()}`);
        say(`(emulator) The simulated H5 step passed with face "${face}".`);
      }
      say("Waiting for the result…");
    },
  });
  if (args.json) {
    console.log(JSON.stringify({ groupId, gateway, projectName }));
  } else {
    console.log(`\nVerified. The person's LivenessFace group: ${groupId} (project ${projectName}, ${gateway})`);
    console.log("\nlibrary.yaml:\n\n  groups:\n    <person>:\n      groupId: " + groupId + "\n      assets:\n        front: { type: Image, url: https://… }   # only this person's face\n");
    console.log(`TypeScript:\n\n  const person = new AssetGroup("person", { groupId: "${groupId}" });\n`);
    console.log("Every upload into it is face-matched: media of anyone else fails with FaceMismatch. `pulumi destroy` keeps the group.");
  }
} catch (error) {
  const reason = error instanceof VerificationNotCompletedError ? "" : " (nothing was verified)";
  fail(1, `${(error as Error).message}${reason}`);
} finally {
  await client.close();
}
