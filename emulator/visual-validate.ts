/**
 * Real-person (`LivenessFace`) verification, simulated: CreateVisualValidateSession, the H5 step, and
 * GetVisualValidateResult, plus the face match every upload into a LivenessFace group goes through.
 *
 * What the sources say, and what the emulator does with it:
 * - CreateVisualValidateSession `{CallbackURL}` → `{BytedToken, H5Link}` (byteplus-sa/ark-mcp
 *   `src/ark_mcp/providers/modelark/assets.py`); Anyfast also echoes `CallbackURL`
 *   (docs.anyfast.ai/api-reference/model-api/bytedance/volc-asset-create-visual-validate-session). The token looks
 *   like `2026070222152680501D985EA34A3BE3D8`: a UTC time stamp and upper-case hex (same page). The H5 link points at
 *   this emulator (`/_emulator/visual-validate/<token>`), a page standing in for the phone's liveness check.
 * - The H5 link is valid for 120 s; a failed check or an expired link needs a new session
 *   (docs.crun.ai/models/seedance/visual-validate). The token is valid about 30 minutes (ark-mcp `docs/assets.md`).
 * - The group is created when the person finishes and lands on the callback, not before (baudevs/OpenMontage
 *   `.agents/skills/anyfast-assets/SKILL.md`); the browser is sent to `CallbackURL?bytedToken=…&resultCode=10000`
 *   (ark-mcp `_asset_models.py`: "the provider appends bytedToken and resultCode (10000 = success)").
 * - GetVisualValidateResult `{BytedToken}` → `{GroupId}`: empty while pending (Anyfast answers `GroupId: ""`,
 *   OpenMontage; the native answer while pending is unknown — ark-mcp SPEC — Guess: the same); a failed check reads as
 *   pending (ark-mcp `ark_asset_verification_result.py`: "the person may not have finished, or verification failed").
 * - Guess: once the link's 120 s are over without a group, or the token's 30 minutes in any case, the token is
 *   refused with `InvalidParameter.BytedToken` (400); an unknown token is refused the same way. No source shows the
 *   real code.
 * - Every upload into a LivenessFace group is face-matched to the verified person; a mismatch ends the asset Failed
 *   with `FaceMismatch` "Face consistency verification failed." (ark-mcp `docs/assets.md`;
 *   docs.easyrouter.io/en/docs/api/management/visual-validate/get-asset shows the Error object).
 *
 * The emulator's own device for faces (no real face recognition): whoever completes the H5 step names the face it
 * verified, a label (`{"face": "ana"}`), and a media file shows a face when its file name — the last path segment of
 * its URL, or a multipart file's name — carries `face-<label>` (e.g. `portrait.face-ana.png`). An Image or Video
 * whose label differs from the group's, or that carries none (a data URI has no name), fails with FaceMismatch;
 * Audio is not face-matched (Guess: it holds no face).
 *
 * Sessions live in memory only (a state file does not keep them: they expire within 30 minutes anyway); the groups
 * they create are ordinary rows of the store, with the verified face label kept as the emulator's own `face` field.
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { AssetType, ResultOf } from "../provider/api.js";
import type { AssetError } from "../provider/media/probe.js";
import { emulatorError } from "./errors.js";
import type { HandlerContext } from "./handlers.js";
import { newId } from "./handlers.js";
import type { ValidRequest } from "./validate.js";
import type { GroupRow, NamespaceKey, Store } from "./store.js";
import { writeJson } from "./wire.js";
import { AdminError } from "./admin-error.js";

/** How long the H5 link can be completed, ms: 120 s (docs.crun.ai/models/seedance/visual-validate). */
export const DEFAULT_LINK_TTL_MS = 120_000;
/** How long the BytedToken answers GetVisualValidateResult, ms: about 30 minutes (ark-mcp `docs/assets.md`). */
export const DEFAULT_TOKEN_TTL_MS = 30 * 60_000;
/** The H5 result code of a passed check (ark-mcp `_asset_models.py`). */
export const RESULT_CODE_SUCCESS = "10000";
/** The error a LivenessFace upload gets when the face does not match (docs.easyrouter.io …/get-asset). */
export const FACE_MISMATCH: AssetError = { Code: "FaceMismatch", Message: "Face consistency verification failed." };
/** The Anyfast answer to an AIGC-only token touching real-person groups (baudevs/OpenMontage anyfast-assets SKILL.md). */
export const AIGC_ONLY_MESSAGE = "GroupType must be one of [AIGC]";

/** Lifetimes of verification sessions; both default to the documented values. */
export interface VisualValidateOptions {
  /** How long the H5 link can be completed, ms; default 120 000. */
  linkTtlMs?: number;
  /** How long the token answers GetVisualValidateResult, ms; default 1 800 000. */
  tokenTtlMs?: number;
}

/** One verification session. */
export interface VisualValidateSession {
  token: string;
  ns: NamespaceKey;
  projectName: string;
  callbackUrl: string;
  /** Epoch ms. */
  createdAt: number;
  /** The H5 step's outcome, once completed. */
  completed?: { at: number; resultCode: string; face?: string; groupId?: string };
}

/** What completing the H5 step answered: where the browser goes next. */
export interface VisualValidateCompletion {
  bytedToken: string;
  resultCode: string;
  /** `CallbackURL` with `bytedToken` and `resultCode` appended. */
  redirect: string;
}

/** A refused H5 completion (an AdminError, answered by ./admin.ts with its status). */
export class VisualValidateError extends AdminError {
  constructor(status: number, code: string, message: string) {
    super(status, code, message);
    this.name = "VisualValidateError";
  }
}

/** The verification sessions of one emulator. */
export class VisualValidateSessions {
  readonly linkTtlMs: number;
  readonly tokenTtlMs: number;
  readonly #sessions = new Map<string, VisualValidateSession>();

  constructor(options: VisualValidateOptions = {}) {
    this.linkTtlMs = options.linkTtlMs ?? DEFAULT_LINK_TTL_MS;
    this.tokenTtlMs = options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS;
  }

  /** A new session of namespace `ns`. */
  create(ns: NamespaceKey, projectName: string, callbackUrl: string, now: Date): VisualValidateSession {
    this.#sweep(now.getTime());
    const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
    const session: VisualValidateSession = { token: stamp + randomBytes(10).toString("hex").toUpperCase(), ns, projectName, callbackUrl, createdAt: now.getTime() };
    this.#sessions.set(session.token, session);
    return session;
  }

  /** The session of `token`, or undefined (unknown, or forgotten after its token expired). */
  get(token: string): VisualValidateSession | undefined {
    return this.#sessions.get(token);
  }

  /**
   * The H5 step: the person passed (`resultCode` 10000, the default) with face `face`, which creates their
   * LivenessFace group in the session's namespace; any other result code is a failed check (no group).
   * @throws VisualValidateError 404 unknown token, 410 link expired (120 s), 409 already completed, 400 no face label.
   */
  complete(token: string, outcome: { face?: string; resultCode?: string }, store: Store, now: Date): VisualValidateCompletion {
    const session = this.#sessions.get(token);
    if (!session) throw new VisualValidateError(404, "NoSuchSession", `No verification session has the token ${token}.`);
    const at = now.getTime();
    if (session.completed) throw new VisualValidateError(409, "AlreadyCompleted", "This H5 link was already used; create a new session.");
    if (at - session.createdAt > this.linkTtlMs) {
      throw new VisualValidateError(410, "LinkExpired", `The H5 link is valid for ${Math.round(this.linkTtlMs / 1000)} s and has expired; create a new session.`);
    }
    const resultCode = outcome.resultCode ?? RESULT_CODE_SUCCESS;
    const face = outcome.face?.trim();
    if (resultCode === RESULT_CODE_SUCCESS && !face) {
      throw new VisualValidateError(400, "MissingFace", 'Name the face the check verified: {"face": "<label>"}; uploads whose file name carries face-<label> then match.');
    }
    session.completed = { at, resultCode, ...(face ? { face } : {}) };
    if (resultCode === RESULT_CODE_SUCCESS) {
      const row: GroupRow = {
        Id: newId(store, "group", now),
        // Guess: the console names real-person groups itself; no source shows the name.
        Name: `LivenessFace-${token.slice(-6)}`,
        Description: "",
        GroupType: "LivenessFace",
        ProjectName: session.projectName,
        CreateTime: at,
        UpdateTime: at,
        seq: store.nextSeq(),
        face: face!,
      };
      store.putGroup(session.ns, row);
      session.completed.groupId = row.Id;
    }
    const redirect = new URL(session.callbackUrl);
    redirect.searchParams.set("bytedToken", token);
    redirect.searchParams.set("resultCode", resultCode);
    return { bytedToken: token, resultCode, redirect: redirect.href };
  }

  /** Forgets sessions whose token has expired. */
  #sweep(now: number): void {
    for (const [token, s] of this.#sessions) if (now - s.createdAt > this.tokenTtlMs) this.#sessions.delete(token);
  }
}

/** The Anyfast refusal of an AIGC-only token (see the module comment). */
export function aigcOnlyError() {
  return emulatorError("InvalidParameter", AIGC_ONLY_MESSAGE);
}

/** CreateVisualValidateSession: a new session whose H5 link points at this emulator. */
export function createSession(ctx: HandlerContext, req: ValidRequest<"CreateVisualValidateSession">): ResultOf<"CreateVisualValidateSession"> {
  if (ctx.aigcOnly) throw aigcOnlyError();
  const session = ctx.visualValidate.create(ctx.ns, req.ProjectName ?? "default", req.CallbackURL, ctx.now);
  return {
    BytedToken: session.token,
    H5Link: `${ctx.publicBaseUrl}/_emulator/visual-validate/${session.token}?lng=en`,
    CallbackURL: req.CallbackURL,
  };
}

/** GetVisualValidateResult: the group once the H5 step passed; `""` while pending; refused once expired. */
export function sessionResult(ctx: HandlerContext, req: ValidRequest<"GetVisualValidateResult">): ResultOf<"GetVisualValidateResult"> {
  if (ctx.aigcOnly) throw aigcOnlyError();
  const session = ctx.visualValidate.get(req.BytedToken);
  const refuse = (why: string) => emulatorError("InvalidParameter.BytedToken", why);
  if (!session || session.ns !== ctx.ns || session.projectName !== (req.ProjectName ?? "default")) {
    throw refuse(`The BytedToken ${req.BytedToken} does not exist (or belongs to another account or project).`);
  }
  const age = ctx.now.getTime() - session.createdAt;
  if (age > ctx.visualValidate.tokenTtlMs) throw refuse("The BytedToken has expired (it is valid about 30 minutes); create a new session.");
  const groupId = session.completed?.groupId;
  if (groupId) return { GroupId: groupId };
  if (age > ctx.visualValidate.linkTtlMs) {
    throw refuse(
      `The verification was not completed within the H5 link's ${Math.round(ctx.visualValidate.linkTtlMs / 1000)} s${session.completed ? " (the check failed)" : ""}; create a new session.`,
    );
  }
  return { GroupId: "" };
}

/** The face label a media file shows, by the emulator's device: `face-<label>` in its file name; undefined if none. */
export function faceOfMedia(fileName: string | undefined): string | undefined {
  if (!fileName) return undefined;
  return /(?:^|[^A-Za-z0-9])face-([A-Za-z0-9_]+)/.exec(fileName)?.[1]?.toLowerCase();
}

/** The file name of a media source: a URL's last path segment, or the multipart file's name. */
export function mediaFileName(source: { url?: string; fileName?: string }): string | undefined {
  if (source.fileName) return source.fileName;
  if (!source.url || !/^https?:\/\//i.test(source.url)) return undefined;
  try {
    const segments = new URL(source.url).pathname.split("/");
    return decodeURIComponent(segments[segments.length - 1] ?? "") || undefined;
  } catch {
    return undefined;
  }
}

/** The face-match verdict of an upload into `group`: FACE_MISMATCH, or undefined when it matches or is not checked. */
export function faceVerdict(group: GroupRow, assetType: AssetType, source: { url?: string; fileName?: string }): AssetError | undefined {
  if (group.GroupType !== "LivenessFace" || (assetType !== "Image" && assetType !== "Video")) return undefined;
  const face = faceOfMedia(mediaFileName(source));
  return face !== undefined && face === group.face?.toLowerCase() ? undefined : FACE_MISMATCH;
}

/** The simulated H5 page: what a phone would show, with a form that completes the check. */
export function h5Page(session: VisualValidateSession | undefined, token: string, linkTtlMs: number, now: Date): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const left = session ? Math.max(0, Math.round((session.createdAt + linkTtlMs - now.getTime()) / 1000)) : 0;
  const body = !session
    ? "<p>No verification session has this token.</p>"
    : session.completed
      ? "<p>This link was already used.</p>"
      : left === 0
        ? "<p>This link has expired; create a new session.</p>"
        : `<p>The emulator stands in for the phone's liveness check. Name the face it verifies: uploads into the new
LivenessFace group match when their file name carries <code>face-&lt;label&gt;</code>. ${left} s left.</p>
<form method="post" action="/_emulator/visual-validate/${esc(token)}/complete?redirect=1">
<label>Face label <input name="face" pattern="[A-Za-z0-9_]+" required></label>
<button name="resultCode" value="10000">Pass</button> <button name="resultCode" value="20000" formnovalidate>Fail</button>
</form>`;
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Real-person verification (emulator)</title></head><body><h1>Real-person verification</h1>${body}</body></html>`;
}

/**
 * The admin surface of the H5 step (see ./admin.ts):
 * - `GET /_emulator/visual-validate/<token>`: the simulated H5 page (HTML).
 * - `POST /_emulator/visual-validate/<token>/complete` with JSON `{"face": "<label>", "resultCode"?: "10000"}`:
 *   completes the check → 200 `{bytedToken, resultCode, redirect}`; 404/409/410/400 as `complete` says. With
 *   `?redirect=1` it takes the page's form instead and answers 302 to the callback, as the real page does.
 * Resolves true when the path was one of these. Refusals are thrown as AdminError (VisualValidateError for the
 * session's own), which ./admin.ts `serveAdmin` answers with their status as `{"error": {"code", "message"}}`.
 */
export function serveVisualValidate(
  sessions: VisualValidateSessions,
  store: Store,
  now: Date,
  req: { method: string; url: URL; body: Buffer },
  res: ServerResponse,
): boolean {
  const match = /^\/_emulator\/visual-validate\/([^/]+)(\/complete)?$/.exec(req.url.pathname);
  if (!match) return false;
  const token = decodeURIComponent(match[1]!);
  if (!match[2] && req.method === "GET") {
    const html = h5Page(sessions.get(token), token, sessions.linkTtlMs, now);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": String(Buffer.byteLength(html)) });
    res.end(html);
    return true;
  }
  if (!match[2] || req.method !== "POST") {
    throw new AdminError(404, "NoSuchAdminRoute", `No admin route ${req.method} ${req.url.pathname}.`);
  }
  const form = req.url.searchParams.get("redirect") === "1";
  let outcome: { face?: string; resultCode?: string };
  if (form) {
    const fields = new URLSearchParams(req.body.toString("utf8"));
    outcome = { ...(fields.get("face") ? { face: fields.get("face")! } : {}), ...(fields.get("resultCode") ? { resultCode: fields.get("resultCode")! } : {}) };
  } else {
    let parsed: unknown;
    try {
      parsed = req.body.length ? JSON.parse(req.body.toString("utf8")) : {};
    } catch {
      throw new AdminError(400, "InvalidJson", "The body is not valid JSON.");
    }
    const p = (parsed ?? {}) as { face?: unknown; resultCode?: unknown };
    if ((p.face !== undefined && typeof p.face !== "string") || (p.resultCode !== undefined && typeof p.resultCode !== "string")) {
      throw new AdminError(400, "InvalidInput", 'Expected {"face": "<label>", "resultCode"?: "10000"} with string values.');
    }
    outcome = { ...(p.face ? { face: p.face } : {}), ...(p.resultCode ? { resultCode: p.resultCode } : {}) };
  }
  const done = sessions.complete(token, outcome, store, now);
  if (form) {
    res.writeHead(302, { location: done.redirect, "content-length": "0" });
    res.end();
  } else {
    writeJson(res, 200, done);
  }
  return true;
}
