/**
 * Real-person verification from code: how a user obtains the id of a `LivenessFace` group, the only kind of group
 * that may hold media of a real person. Groups of that kind cannot be created by CreateAssetGroup; each one is made
 * by a verification the person completes themselves, on a phone, in the moment:
 *
 *   1. CreateVisualValidateSession{CallbackURL} → BytedToken, H5Link (the link is valid 120 s);
 *   2. the person opens H5Link, consents and passes the liveness check; the page sends their browser to CallbackURL;
 *   3. GetVisualValidateResult{BytedToken} → GroupId (empty until step 2 is done).
 *
 * Then declare the group with `new AssetGroup(name, { groupId })` (it is adopted, never created) and upload only that
 * person's media into it: every upload is face-matched, a mismatch ends `Failed` with `FaceMismatch`.
 *
 * Sources: byteplus-sa/ark-mcp `src/ark_mcp/providers/modelark/assets.py`, `docs/assets.md`,
 * `src/ark_mcp/tools/ark_asset_verification_result.py` (polls every 5 s: the actions allow 3 QPS);
 * docs.crun.ai/models/seedance/visual-validate (120 s link); Anyfast needs a "Byteplus-Direct" token
 * (docs.anyfast.ai/guides/model-api/bytedance/volc-real-human-assets). The command-line wrapper is
 * ../scripts/liveness.mts (`npm run liveness`).
 */
import { setTimeout as delay } from "node:timers/promises";
import type { GatewayClient } from "./client.js";
import { ERROR_CODES, GatewayError } from "./errors.js";

/** Default interval between GetVisualValidateResult calls, ms: ark-mcp's 5 s, well inside the 3 QPS limit. */
export const DEFAULT_VERIFICATION_POLL_MS = 5_000;
/** The H5 link's validity, ms (docs.crun.ai/models/seedance/visual-validate). */
export const H5_LINK_TTL_MS = 120_000;
/** Default time to wait for the person, ms: the link's 120 s plus a margin for the last redirect. */
export const DEFAULT_VERIFICATION_TIMEOUT_MS = H5_LINK_TTL_MS + 30_000;

/** A started verification: what to hand the person, and the token to ask for the result with. */
export interface VerificationSession {
  /** The page the person opens on a phone. It embeds temporary credentials: send it only to that person. */
  h5Link: string;
  /** For GetVisualValidateResult; valid about 30 minutes. Not a long-term secret, but keep it out of logs. */
  bytedToken: string;
  /** When the H5 link stops working (about 120 s after creation). */
  linkExpiresAt: Date;
}

/** Options of `startVerification`. */
export interface StartVerificationOptions {
  /** Where the person's browser lands after the check (an https URL you control); required by the gateways. */
  callbackUrl: string;
  /** The project the new group will belong to; default the gateway's (`default`). Assets must use the same. */
  projectName?: string;
  signal?: AbortSignal;
}

/** Options of `waitForVerifiedGroup`. */
export interface WaitForGroupOptions {
  /** The project the session was started in. */
  projectName?: string;
  /** Between result checks, ms; default 5000. */
  pollIntervalMs?: number;
  /** How long to wait for the person, ms; default 150 000 (the link's 120 s plus 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Waits between checks; default a timer (tests inject their own). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Why no group came out of a verification. */
export type VerificationFailureReason = "expired" | "timeout";

/**
 * The person did not complete the verification in time (`timeout`), or the gateway refused the token because the
 * link or the token expired (`expired`; the check may also have failed — the API does not tell the two apart).
 * Either way: start a new session.
 */
export class VerificationNotCompletedError extends Error {
  readonly reason: VerificationFailureReason;
  constructor(reason: VerificationFailureReason, detail: string) {
    super(
      `Real-person verification did not produce a group: ${detail}\nNext step: start a new verification session and have the person open the new link within 120 s; they must finish the check and tap Complete (landing on the callback page).`,
    );
    this.name = "VerificationNotCompletedError";
    this.reason = reason;
  }
}

/**
 * Step 1: CreateVisualValidateSession.
 * @throws UnsupportedActionError where the gateway has no verification (gogogotoken, agentsflare, globalaiopc);
 *   InvalidParameterError "GroupType must be one of [AIGC]" at Anyfast with a token that is not "Byteplus-Direct";
 *   any other GatewayError of the call.
 */
export async function startVerification(client: GatewayClient, options: StartVerificationOptions): Promise<VerificationSession> {
  const created = Date.now();
  const result = await client.createVisualValidateSession(
    { CallbackURL: options.callbackUrl, ...(options.projectName ? { ProjectName: options.projectName } : {}) },
    options.signal ? { signal: options.signal } : {},
  );
  return { h5Link: result.H5Link, bytedToken: result.BytedToken, linkExpiresAt: new Date(created + H5_LINK_TTL_MS) };
}

/**
 * Step 3: polls GetVisualValidateResult until it names the new LivenessFace group.
 * @returns the group id, e.g. `group-20260521163909-kbdhw`.
 * @throws VerificationNotCompletedError when the person does not finish within `timeoutMs`, or the gateway refuses
 *   the token as expired (`InvalidParameter.BytedToken` in the emulator; the real code is not documented, so any
 *   InvalidParameter answer to a token that worked before counts); other GatewayErrors as they come.
 */
export async function waitForVerifiedGroup(client: GatewayClient, bytedToken: string, options: WaitForGroupOptions = {}): Promise<string> {
  const interval = options.pollIntervalMs ?? DEFAULT_VERIFICATION_POLL_MS;
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_VERIFICATION_TIMEOUT_MS);
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, signal ? { signal } : {}));
  let answered = false;
  for (;;) {
    let groupId: string;
    try {
      ({ GroupId: groupId } = await client.getVisualValidateResult(
        { BytedToken: bytedToken, ...(options.projectName ? { ProjectName: options.projectName } : {}) },
        options.signal ? { signal: options.signal } : {},
      ));
    } catch (error) {
      if (error instanceof GatewayError && (error.gatewayCode === "InvalidParameter.BytedToken" || (answered && error.code === ERROR_CODES.InvalidParameter))) {
        throw new VerificationNotCompletedError("expired", `the gateway refused the token: ${error.gatewayMessage}`);
      }
      throw error;
    }
    answered = true;
    if (groupId) return groupId;
    if (Date.now() + interval > deadline) {
      throw new VerificationNotCompletedError("timeout", `the person did not finish within ${Math.round((options.timeoutMs ?? DEFAULT_VERIFICATION_TIMEOUT_MS) / 1000)} s (or the check failed).`);
    }
    await sleep(interval, options.signal);
  }
}

/**
 * The whole flow: starts a session, hands it to `onSession` (show the link to the person), and waits for their group.
 * @returns the new LivenessFace group id.
 * @throws as `startVerification` and `waitForVerifiedGroup`.
 */
export async function verifyRealPerson(
  client: GatewayClient,
  options: StartVerificationOptions & Omit<WaitForGroupOptions, "projectName"> & { onSession: (session: VerificationSession) => void | Promise<void> },
): Promise<string> {
  const session = await startVerification(client, options);
  await options.onSession(session);
  const { callbackUrl: _callbackUrl, onSession: _onSession, ...wait } = options;
  return waitForVerifiedGroup(client, session.bytedToken, wait);
}
