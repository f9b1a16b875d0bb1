import { describe, expect, it } from "vitest";
import { createHttpLogger, debugEnabled, redactHeaders, redactText, scrubSecrets, truncatePayloads } from "../../provider/logging.js";

const SECRET = "test-secret-value-0003";

describe("debugEnabled", () => {
  it.each([
    ["1", true],
    ["http", true],
    ["true", true],
    ["pulumi,http", true],
    ["0", false],
    ["", false],
    [undefined, false],
  ])("SEEDANCE_DEBUG=%s → %s", (value, enabled) => {
    expect(debugEnabled({ SEEDANCE_DEBUG: value })).toBe(enabled);
  });
});

describe("redaction", () => {
  it("replaces credential headers and scrubs secrets from the others", () => {
    expect(
      redactHeaders({ Authorization: "Bearer abc", "X-Security-Token": "tok", "X-Api-Key": "k", "x-echo": `id ${SECRET}`, "content-type": "application/json" }, [SECRET]),
    ).toEqual({
      authorization: "[REDACTED]",
      "x-security-token": "[REDACTED]",
      "x-api-key": "[REDACTED]",
      "x-echo": "id [REDACTED]",
      "content-type": "application/json",
    });
  });

  it("cuts data: URIs and long bare base64 to their length", () => {
    const b64 = Buffer.alloc(600, 1).toString("base64");
    expect(truncatePayloads(`{"URL":"data:video/mp4;base64,${b64}"}`)).toBe('{"URL":"data:video/mp4;base64,<800 base64 chars>"}');
    expect(truncatePayloads(`{"URL":"${b64}"}`)).toBe('{"URL":"<800 base64 chars>"}');
    // Identifiers and short tokens stay readable.
    expect(truncatePayloads('{"Id":"asset-20260320120147-pqwhc"}')).toBe('{"Id":"asset-20260320120147-pqwhc"}');
  });

  it("scrubs every occurrence, ignores empty secrets, and bounds the length", () => {
    expect(scrubSecrets(`${SECRET}/${SECRET}`, [undefined, "", SECRET])).toBe("[REDACTED]/[REDACTED]");
    expect(redactText("x".repeat(50), [], 10)).toBe("xxxxxxxxxx… (50 chars)");
  });
});

describe("createHttpLogger", () => {
  it("prints the exchange with credentials and payloads redacted", () => {
    const lines: string[] = [];
    const logger = createHttpLogger({ secrets: [SECRET], enabled: true, write: (l) => lines.push(l) });
    logger.exchange({
      gateway: "anyfast",
      action: "CreateAsset",
      attempt: 1,
      method: "POST",
      url: "https://www.anyfast.ai/volc/asset/CreateAsset",
      requestHeaders: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      requestBody: `{"URL":"data:image/png;base64,${"A".repeat(1000)}"}`,
      status: 401,
      durationMs: 12.4,
      requestId: "req-1",
      responseBody: `{"error":{"message":"bad key ${SECRET}"}}`,
    });
    const out = lines.join("\n");
    expect(out).toContain("[seedance] anyfast CreateAsset #1 POST https://www.anyfast.ai/volc/asset/CreateAsset → 401 in 12 ms RequestId=req-1");
    expect(out).toContain("> authorization: [REDACTED]");
    expect(out).toContain("data:image/png;base64,<1000 base64 chars>");
    expect(out).toContain("bad key [REDACTED]");
    expect(out).not.toContain(SECRET);
  });

  it("is silent when disabled", () => {
    const lines: string[] = [];
    createHttpLogger({ secrets: [], enabled: false, write: (l) => lines.push(l) }).exchange({
      gateway: "g",
      action: "a",
      attempt: 1,
      method: "GET",
      url: "https://x",
      requestHeaders: {},
      durationMs: 1,
    });
    expect(lines).toEqual([]);
  });
});
