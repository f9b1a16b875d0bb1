/**
 * The `seedance:*` configuration: keys, environment fallbacks, named profiles, and errors that name the key.
 */
import { describe, expect, it } from "vitest";
import { CONFIG_KEYS, loadConfig, resolveProfile } from "../../provider/resources/config.js";

const from = (values: Record<string, unknown>) => (key: string) => values[key];

describe("loadConfig", () => {
  it("reads the seedance namespace, parses numbers and JSON objects, and applies defaults", () => {
    const loaded = loadConfig(
      from({
        "seedance:gateway": "anyfast",
        "seedance:apiKey": "k",
        "seedance:waitTimeoutSeconds": "90",
        "seedance:rateLimits": '{"CreateAsset":{"requests":3,"perSeconds":60}}',
        "other:gateway": "volcengine",
      }),
      {},
    );
    expect(loaded).toEqual({
      ok: true,
      config: {
        gateway: "anyfast",
        apiKey: "k",
        waitTimeoutSeconds: 90,
        pollIntervalSeconds: 2,
        // mediaLimits unset: each gateway's newest documented set applies (provider/media/limits.ts DEFAULT_LIMIT_SET).
        rateLimits: { CreateAsset: { requests: 3, perSeconds: 60 } },
      },
    });
  });

  it("falls back to the environment for the top level, configuration first", () => {
    const env = { SEEDANCE_GATEWAY: "volcengine", VOLCENGINE_ACCESS_KEY_ID: "AK", VOLCENGINE_SECRET_ACCESS_KEY: "SK", VOLCENGINE_SESSION_TOKEN: "T", SEEDANCE_WAIT_TIMEOUT_SECONDS: "5" };
    const loaded = loadConfig(from({ "seedance:accessKeyId": "AK-config" }), env);
    expect(resolveProfile(loaded, undefined)).toEqual({
      name: "default",
      profile: { gateway: "volcengine", accessKeyId: "AK-config", secretAccessKey: "SK", securityToken: "T" },
      projectName: "default",
    });
    expect(loaded.ok && loaded.config.waitTimeoutSeconds).toBe(5);
  });

  it("names the key, the rule and the fix when a value is wrong", () => {
    const loaded = loadConfig(from({ "seedance:gateway": "anyfst" }), {});
    expect(loaded.ok).toBe(false);
    expect(() => resolveProfile(loaded, undefined)).toThrow(/seedance:gateway must be one of volcengine, .*\nNext step: correct it with `pulumi config set seedance:gateway …` \(or the environment variable SEEDANCE_GATEWAY\)/);
    const bad = loadConfig(from({ "seedance:pollIntervalSeconds": "-1" }), {});
    expect(() => resolveProfile(bad, undefined)).toThrow(/seedance:pollIntervalSeconds must be greater than 0/);
  });

  it("documents every key with its environment variables", () => {
    expect(CONFIG_KEYS.map((k) => k.key)).toEqual([
      "gateway", "baseUrl", "apiKey", "accessKeyId", "secretAccessKey", "securityToken", "region", "service", "version", "projectName",
      "rateLimits", "tier", "requestTimeoutSeconds", "maxRetries", "throttleBudgetSeconds", "waitTimeoutSeconds", "pollIntervalSeconds", "mediaLimits", "profiles",
    ]);
  });
});

describe("resolveProfile", () => {
  const loaded = loadConfig(
    from({
      "seedance:gateway": "anyfast",
      "seedance:apiKey": "top",
      "seedance:projectName": "films",
      "seedance:profiles": { native: { gateway: "volcengine", accessKeyId: "AK", secretAccessKey: "SK", requestTimeoutSeconds: 12, projectName: "native-project" } },
    }),
    {},
  );

  it("a named profile stands alone: nothing of the top level (credentials included) leaks into it", () => {
    expect(resolveProfile(loaded, "native")).toEqual({
      name: "native",
      profile: { gateway: "volcengine", accessKeyId: "AK", secretAccessKey: "SK", timeoutMs: 12_000 },
      projectName: "native-project",
    });
  });

  it("no profile, or `default` without such a profile, is the top level", () => {
    expect(resolveProfile(loaded, undefined)).toEqual({ name: "default", profile: { gateway: "anyfast", apiKey: "top" }, projectName: "films" });
    expect(resolveProfile(loaded, "default").name).toBe("default");
  });

  it("an unknown profile lists the known ones", () => {
    expect(() => resolveProfile(loaded, "nope")).toThrow(/profile "nope" is not a profile in seedance:profiles \(known: native\)/);
  });

  it("no gateway at all says how to set one", () => {
    expect(() => resolveProfile(loadConfig(from({}), {}), undefined)).toThrow(/seedance:gateway is not set.*\nNext step: run `pulumi config set seedance:gateway <gateway>`/);
  });
});
