/**
 * Fault injection, for testing how a client behaves when a gateway misbehaves: added latency, server errors
 * (500 InternalError or 503 ServiceUnavailableTemp, in the gateway's own error shape), answers of an unknown shape
 * (a body no dialect documents, e.g. a proxy's HTML error page, with any status) and dropped connections
 * (the socket is destroyed without an answer). Decisions come from a seedable PRNG, so a failing run can be replayed.
 *
 * Where in the pipeline (./server.ts): latency, errors and unknown answers apply after authentication and validation
 * and before the handler — an injected answer changes no state; a drop happens after the handler — the call took
 * effect but its answer is lost, the ambiguous case a client must not blindly retry for mutating actions.
 */
import type { Action } from "../provider/api.js";
import type { WireResponse } from "../provider/gateways/dialect.js";

/**
 * An answer in no documented shape. Default (`DEFAULT_UNKNOWN_ANSWER`): HTTP 404 with an HTML page, what a
 * misconfigured base URL or a reverse proxy in front of the gateway answers.
 */
export interface UnknownAnswer {
  /** HTTP status; default 404. */
  status?: number;
  /** The body, sent verbatim; default an HTML "404 Not Found" page. */
  body?: string;
  /** Content-Type; default `text/html; charset=utf-8`. */
  contentType?: string;
}

/** The answer an `unknownAnswerRate` fault sends when no `unknownAnswer` is set. */
export const DEFAULT_UNKNOWN_ANSWER: Required<UnknownAnswer> = {
  status: 404,
  body: "<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>",
  contentType: "text/html; charset=utf-8",
};

export interface FaultSpec {
  /** Probability (0–1) of answering 500/503 instead of handling the call. Default 0. */
  errorRate?: number;
  /** Added delay in ms before the call is handled. Default 0. */
  latencyMs?: number;
  /** Probability (0–1) of destroying the connection after handling the call. Default 0. */
  dropRate?: number;
  /** Probability (0–1) of answering `unknownAnswer` (a body in no documented shape) instead of handling the call. Default 0. */
  unknownAnswerRate?: number;
  /** What an unknown-shape fault answers; default DEFAULT_UNKNOWN_ANSWER (404, HTML). */
  unknownAnswer?: UnknownAnswer;
}

export interface FaultOptions extends FaultSpec {
  /** PRNG seed (32-bit integer). Default 1. */
  seed?: number;
  /** Per-action settings; each field falls back to the top-level one. */
  actions?: Partial<Record<Action, FaultSpec>>;
}

/** What to do to one call. */
export interface FaultDecision {
  latencyMs: number;
  error?: 500 | 503;
  /** Answer this instead of handling the call. */
  unknown?: WireResponse;
  drop: boolean;
}

/** mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The fault settings of one emulator and its PRNG; `decide(action)` says what to do to one call (see the module comment). */
export class Faults {
  private options: FaultOptions = {};
  private random: () => number = mulberry32(1);

  constructor(options: FaultOptions = {}) {
    this.configure(options);
  }

  /** Replaces the options and reseeds the PRNG. */
  configure(options: FaultOptions): void {
    for (const spec of [options, ...Object.values(options.actions ?? {})]) validate(spec);
    this.options = options;
    this.random = mulberry32(options.seed ?? 1);
  }

  get current(): FaultOptions {
    return this.options;
  }

  /** The faults for one call. Draws from the PRNG only for non-zero rates, so runs without faults stay deterministic. */
  decide(action: Action): FaultDecision {
    const per = this.options.actions?.[action] ?? {};
    const errorRate = per.errorRate ?? this.options.errorRate ?? 0;
    const dropRate = per.dropRate ?? this.options.dropRate ?? 0;
    const latencyMs = per.latencyMs ?? this.options.latencyMs ?? 0;
    const unknownRate = per.unknownAnswerRate ?? this.options.unknownAnswerRate ?? 0;
    const decision: FaultDecision = { latencyMs, drop: false };
    if (errorRate > 0 && this.random() < errorRate) decision.error = this.random() < 0.5 ? 500 : 503;
    else if (unknownRate > 0 && this.random() < unknownRate) decision.unknown = unknownWire({ ...DEFAULT_UNKNOWN_ANSWER, ...this.options.unknownAnswer, ...per.unknownAnswer });
    else if (dropRate > 0 && this.random() < dropRate) decision.drop = true;
    return decision;
  }
}

function unknownWire(answer: Required<UnknownAnswer>): WireResponse {
  return { status: answer.status, headers: { "content-type": answer.contentType }, body: undefined, rawText: answer.body };
}

function validate(spec: FaultSpec): void {
  const status = spec.unknownAnswer?.status;
  if (status !== undefined && !(Number.isInteger(status) && status >= 100 && status <= 599)) throw new RangeError(`unknownAnswer.status must be an HTTP status (100–599), got ${status}`);
  for (const key of ["errorRate", "dropRate", "unknownAnswerRate"] as const) {
    const v = spec[key];
    if (v !== undefined && !(v >= 0 && v <= 1)) throw new RangeError(`${key} must be between 0 and 1, got ${v}`);
  }
  if (spec.latencyMs !== undefined && !(spec.latencyMs >= 0)) throw new RangeError(`latencyMs must be ≥ 0, got ${spec.latencyMs}`);
}
