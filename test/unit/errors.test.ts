import { describe, expect, it } from "vitest";
import {
  ConfigError,
  ConflictError,
  ERROR_CODES,
  ForbiddenError,
  formatMessage,
  GatewayError,
  gatewayErrorFromFailure,
  InternalError,
  InvalidParameterError,
  isSeedanceError,
  NetworkError,
  NotFoundError,
  SeedanceError,
  ThrottledError,
  UnauthorizedError,
  UnavailableError,
} from "../../provider/errors.js";
import type { ErrorKind } from "../../provider/gateways/dialect.js";

const ctx = { gateway: "volcengine", action: "GetAsset", attempts: 1, mayHaveBeenApplied: false } as const;

describe("errors", () => {
  it("builds every message by one formula", () => {
    expect(formatMessage({ summary: "S.", detail: "D.", next: "do X." })).toBe("S.\nD.\nNext step: do X.");
    expect(formatMessage({ summary: "S.", next: "do X." })).toBe("S.\nNext step: do X.");
  });

  it("has one stable code per class", () => {
    expect(new Set(Object.values(ERROR_CODES)).size).toBe(Object.keys(ERROR_CODES).length);
    for (const code of Object.values(ERROR_CODES)) expect(code).toMatch(/^SEEDANCE_ERR_[A-Z_]+$/);
  });

  it.each([
    ["NotFound", NotFoundError, ERROR_CODES.NotFound],
    ["Unauthorized", UnauthorizedError, ERROR_CODES.Unauthorized],
    ["Forbidden", ForbiddenError, ERROR_CODES.Forbidden],
    ["Throttled", ThrottledError, ERROR_CODES.Throttled],
    ["InvalidParameter", InvalidParameterError, ERROR_CODES.InvalidParameter],
    ["Conflict", ConflictError, ERROR_CODES.Conflict],
    ["Unavailable", UnavailableError, ERROR_CODES.Unavailable],
    ["Internal", InternalError, ERROR_CODES.Internal],
    ["Unknown", GatewayError, ERROR_CODES.Gateway],
  ] as const)("maps kind %s to its class", (kind, errorClass, code) => {
    const error = gatewayErrorFromFailure(ctx, { kind: kind as ErrorKind, code: "X", message: "m", httpStatus: 400, requestId: "r" });
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toBeInstanceOf(SeedanceError);
    expect(error).toMatchObject({ code, kind, name: errorClass.name, gatewayCode: "X", requestId: "r" });
  });

  it("carries Retry-After on ThrottledError", () => {
    const error = gatewayErrorFromFailure(ctx, { kind: "Throttled", code: "FlowLimitExceeded", message: "", httpStatus: 429, retryAfterSeconds: 3 });
    expect(error).toMatchObject({ retryAfterSeconds: 3 });
    expect(error.message).toContain("(no message)");
  });

  it("says when a mutating call may have been applied", () => {
    const error = gatewayErrorFromFailure({ ...ctx, action: "CreateAsset", mayHaveBeenApplied: true }, { kind: "Internal", code: "InternalError", message: "", httpStatus: 500 });
    expect(error.mayHaveBeenApplied).toBe(true);
    expect(error.message).toMatch(/Next step: the call may have been applied/);
  });

  it("recognises its errors by brand, not only by instanceof", () => {
    const error = new ConfigError({ field: "apiKey", rule: "is required", fix: "set apiKey." });
    expect(isSeedanceError(error)).toBe(true);
    expect(isSeedanceError({ [Symbol.for("pulumi-seedance-assets.error")]: true })).toBe(true);
    expect(isSeedanceError(new Error("x"))).toBe(false);
    expect(error).toMatchObject({ name: "ConfigError", field: "apiKey", rule: "is required", fix: "set apiKey." });
    expect(error.message).toBe("Invalid configuration: apiKey is required.\nNext step: set apiKey.");
  });

  it("keeps the cause of a network error", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const error = new NetworkError({ gateway: "anyfast", action: "ListAssets", url: "https://www.anyfast.ai/volc/asset/ListAssets", attempts: 5, mayHaveBeenApplied: false, cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toContain("ECONNREFUSED connect ECONNREFUSED");
    expect(error.message).toContain("after 5 attempts");
  });
});
