/**
 * "An error is gone only when the gateway's documented not-found code says so" — for every gateway, the resources'
 * own read (what `pulumi refresh` runs), delete and the status watcher, through the real client against the real
 * emulator over HTTP:
 * - a wrong credential (Agentsflare's documented 404 `{"statusCode":404,"message":"Key not found"}` included) fails
 *   the read as Unauthorized and keeps the resource;
 * - an answer of unknown shape (the emulator's `unknownAnswerRate` fault: an HTML 404 page, a 200 JSON of no known
 *   shape, a plain-text 502) fails the read, the delete and the wait, and keeps the resource;
 * - only the documented code (native `NotFound.asset_id` / `NotFound.group_id`, relayed by every reseller) forgets it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_API_KEY } from "../../emulator/auth.js";
import type { UnknownAnswer } from "../../emulator/faults.js";
import { startEmulator, type EmulatorHandle } from "../../emulator/server.js";
import { ERROR_CODES, isSeedanceError } from "../../provider/errors.js";
import { DIALECTS } from "../../provider/gateways/index.js";
import type { Dialect, GatewayName } from "../../provider/gateways/dialect.js";
import { connect, resetForTests, statusWatcher } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { configFor, configureWith, createResource } from "../support/resources.js";

type Impl = Record<string, (...args: any[]) => Promise<any>>;
const Group = providers.AssetGroup as unknown as Impl;
const Asset = providers.Asset as unknown as Impl;

/** Answers in no documented shape: a proxy's HTML 404, a 200 JSON no dialect knows, a plain-text 502. */
const UNKNOWN_ANSWERS: Record<string, UnknownAnswer> = {
  "an HTML 404 page": {},
  "a 200 JSON of no known shape": { status: 200, body: '{"unexpected":true,"hint":"not a gateway answer"}', contentType: "application/json" },
  "a plain-text 502": { status: 502, body: "Bad Gateway", contentType: "text/plain" },
};

/** A wrong credential of the gateway's kind (an expired key / a wrong secret). */
function wrongCredential(dialect: Dialect): Record<string, string> {
  return dialect.capabilities.auth === "bearer" ? { apiKey: "expired-api-key" } : { secretAccessKey: "not-the-secret" };
}

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({ processingMs: 30, rateLimits: false });
});
afterEach(() => {
  emulator.admin.setFaults({});
});
afterAll(async () => {
  await resetForTests();
  await emulator.close();
});

/** Configures the provider runtime for a gateway of the emulator, no retries (every answer is final). */
function configureFor(gateway: GatewayName, extra: Record<string, string> = {}): void {
  configureWith(configFor(emulator, gateway, { maxRetries: "0", ...extra }));
}

/** A group (where the gateway has groups) and an Active asset in it, made through the resources' own create. */
async function declared(dialect: Dialect): Promise<{ group?: { id: string; outs: Record<string, unknown> }; asset: { id: string; outs: Record<string, unknown> } }> {
  configureFor(dialect.name);
  const group = dialect.capabilities.groups ? await createResource("AssetGroup", { name: `kept-${dialect.name}` }) : undefined;
  const asset = await createResource("Asset", {
    ...(group ? { groupId: group.id } : {}),
    name: `kept-${dialect.name}`,
    assetType: "Image",
    source: { url: "https://example.com/kept.png" },
  });
  expect(asset.outs["status"]).toBe("Active");
  return { ...(group ? { group } : {}), asset };
}

/** The rejection of a read/delete that must fail (and not resolve as "gone" or "done"). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  expect(outcome, "expected the call to fail loudly, but it resolved").toHaveProperty("error");
  return (outcome as { error: unknown }).error;
}

describe.each(DIALECTS.map((d) => [d.name, d] as const))("%s", (_name, dialect) => {
  it("a refresh with a wrong credential fails as Unauthorized and keeps every resource", async () => {
    const { group, asset } = await declared(dialect);
    configureFor(dialect.name, wrongCredential(dialect));

    const assetError = await failure(Asset["read"]!(asset.id, asset.outs));
    expect(isSeedanceError(assetError) && assetError.code).toBe(ERROR_CODES.Unauthorized);
    if (group && dialect.capabilities.actions.includes("GetAssetGroup")) {
      const groupError = await failure(Group["read"]!(group.id, group.outs));
      expect(isSeedanceError(groupError) && groupError.code).toBe(ERROR_CODES.Unauthorized);
    }

    // The resources are still there: with the right key, refresh finds them.
    configureFor(dialect.name);
    expect((await Asset["read"]!(asset.id, asset.outs)).id).toBe(asset.id);
  });

  it.each(Object.entries(UNKNOWN_ANSWERS))("a refresh answered with %s fails and keeps every resource", async (_what, answer) => {
    const { group, asset } = await declared(dialect);
    emulator.admin.setFaults({ unknownAnswerRate: 1, unknownAnswer: answer });

    const assetError = await failure(Asset["read"]!(asset.id, asset.outs));
    expect(isSeedanceError(assetError) && assetError.code).not.toBe(ERROR_CODES.NotFound);
    if (group && dialect.capabilities.actions.includes("GetAssetGroup")) await failure(Group["read"]!(group.id, group.outs));
    if (dialect.capabilities.actions.includes("DeleteAsset")) await failure(Asset["delete"]!(asset.id, asset.outs));

    emulator.admin.setFaults({});
    expect((await Asset["read"]!(asset.id, asset.outs)).id).toBe(asset.id);
  });

  it("the waiter fails on an unknown answer instead of reporting the asset deleted", async () => {
    const { group } = await declared(dialect);
    const conn = connect(undefined);
    emulator.admin.setProcessingMs(60_000);
    try {
      const { Id } = await conn.client.createAsset({
        ...(group ? { GroupId: group.id } : {}),
        Name: `waiting-${dialect.name}`,
        AssetType: "Image",
        URL: "https://example.com/waiting.png",
      });
      emulator.admin.setFaults({ unknownAnswerRate: 1 });
      const target = { scopeKey: `gone-test\u0000${dialect.name}`, client: conn.client, projectName: "default", ...(group ? { groupId: group.id } : {}) };
      const error = await failure(statusWatcher().wait(target, Id, 5000));
      expect(String((error as Error).message)).not.toMatch(/disappeared|deleted outside/);
    } finally {
      emulator.admin.setProcessingMs(30);
    }
  });

  it("only the documented not-found code forgets a resource", async () => {
    const { group, asset } = await declared(dialect);
    // The gateway's data is gone (deleted outside Pulumi): GetAsset answers the documented NotFound code.
    emulator.admin.reset({ gateway: dialect.name });
    expect(await Asset["read"]!(asset.id, asset.outs)).toEqual({ id: "" });
    if (group && dialect.capabilities.actions.includes("GetAssetGroup")) expect(await Group["read"]!(group.id, group.outs)).toEqual({ id: "" });
  });
});

describe("agentsflare's bad key", () => {
  it("is the documented 404 Key not found on the wire, and Unauthorized (never NotFound) in the client", async () => {
    const response = await fetch(`${emulator.gatewayUrl("agentsflare")}/byteplus/_unstable/open/GetAsset`, {
      method: "POST",
      headers: { authorization: "Bearer expired-api-key", "content-type": "application/json" },
      body: JSON.stringify({ Id: "asset-20260101000000-abcde" }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ statusCode: 404, message: "Key not found" });
    expect(DEFAULT_API_KEY).not.toBe("expired-api-key");
  });
});
