/**
 * Real-person (LivenessFace) groups end to end, the project's real GatewayClient against the emulator over HTTP:
 * the verification flow (CreateVisualValidateSession → simulated H5 step → GetVisualValidateResult), the face match
 * of uploads (FaceMismatch), expiry, gateways without verification, Anyfast's hidden groups and AIGC-only tokens,
 * and the Asset/AssetGroup implementations in a real-person group (create, read, wait — with Anyfast's fallback).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_API_KEY, DEFAULT_SECRET_ACCESS_KEY } from "../../emulator/auth.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { Dialect } from "../../provider/gateways/dialect.js";
import { InvalidParameterError, NotFoundError, UnsupportedActionError } from "../../provider/errors.js";
import { startVerification, VerificationNotCompletedError, waitForVerifiedGroup } from "../../provider/liveness.js";
import { ResourceInitError, resetForTests, statusWatcher } from "../../provider/resources/context.js";
import { providers } from "../../provider/resources/runtime.js";
import { checked, configFor, configureWith, createResource } from "../support/resources.js";
import { repoRoot } from "../../scripts/pulumi-env.mts";
import { clientFor, emulator, sampleUrl, settled, useCleanup } from "../support/emulator.js";
import { CALLBACK, completeH5, verifiedGroup } from "../support/liveness.js";

useCleanup();

const VERIFYING = ["volcengine", "byteplus", "anyfast"].map((name) => [name, getDialect(name)] as const);

describe.each(VERIFYING)("%s: the verification flow", (name, dialect: Dialect) => {
  it("creates a session whose H5 link is the emulator's page; the result is pending until the H5 step, then names a LivenessFace group", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const session = await startVerification(client, { callbackUrl: CALLBACK });
    expect(session.bytedToken).toMatch(/^\d{14}[0-9A-F]{20}$/);
    expect(session.h5Link).toBe(`${e.url}/_emulator/visual-validate/${session.bytedToken}?lng=en`);
    expect(session.linkExpiresAt.getTime()).toBeGreaterThan(Date.now() + 100_000);

    expect(await client.getVisualValidateResult({ BytedToken: session.bytedToken })).toEqual({ GroupId: "" });
    const page = await fetch(session.h5Link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Real-person verification");

    const done = await completeH5(e, session.bytedToken, { face: "ana" });
    expect(done.status).toBe(200);
    const redirect = new URL(done.json["redirect"] as string);
    expect(redirect.origin + redirect.pathname).toBe(CALLBACK);
    expect(Object.fromEntries(redirect.searchParams)).toEqual({ bytedToken: session.bytedToken, resultCode: "10000" });

    const { GroupId } = await client.getVisualValidateResult({ BytedToken: session.bytedToken });
    expect(GroupId).toMatch(/^group-\d{14}-[a-z0-9]{5}$/);
    expect(await client.getAssetGroup({ Id: GroupId })).toMatchObject({ Id: GroupId, GroupType: "LivenessFace" });
    // The link is single-use.
    expect((await completeH5(e, session.bytedToken, { face: "ana" })).status).toBe(409);
    expect(e.requests.filter((r) => r.action === "GetVisualValidateResult").every((r) => r.gateway === name)).toBe(true);
  });

  it("the H5 step refuses what it cannot complete with a status and a code: unknown token, bad body, no face, unknown route", async () => {
    const e = await emulator();
    const session = await startVerification(clientFor(e, dialect), { callbackUrl: CALLBACK });
    const post = async (path: string, body: string) => {
      const res = await fetch(`${e.url}/_emulator/visual-validate/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body });
      return { status: res.status, error: ((await res.json()) as { error: { code: string } }).error.code };
    };
    expect(await completeH5(e, "00000000000000ABCDEF0123456789ABCDEF", { face: "ana" })).toMatchObject({ status: 404, json: { error: { code: "NoSuchSession" } } });
    expect(await post(`${session.bytedToken}/complete`, "{not json")).toEqual({ status: 400, error: "InvalidJson" });
    expect(await post(`${session.bytedToken}/complete`, JSON.stringify({ face: 7 }))).toEqual({ status: 400, error: "InvalidInput" });
    expect(await post(`${session.bytedToken}/complete`, "{}")).toEqual({ status: 400, error: "MissingFace" });
    expect(await post(`${session.bytedToken}/elsewhere`, "{}")).toEqual({ status: 404, error: "NoSuchAdminRoute" });
    // None of that used the link up.
    expect((await completeH5(e, session.bytedToken, { face: "ana" })).status).toBe(200);
  });

  it("face-matches uploads: the verified face goes Active, another face ends Failed with FaceMismatch, audio is not matched", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    const GroupId = await verifiedGroup(e, client, "ana");

    const same = await client.createAsset({ GroupId, Name: "front", AssetType: "Image", URL: sampleUrl(e, "front.face-ana.png", { width: 640, height: 480 }) });
    expect(await settled(client, same.Id)).toMatchObject({ Status: "Active", GroupId });

    const voice = await client.createAsset({ GroupId, Name: "voice", AssetType: "Audio", URL: sampleUrl(e, "voice.wav", { seconds: 3 }) });
    expect((await settled(client, voice.Id)).Status).toBe("Active");

    const other = await client.createAsset({ GroupId, Name: "other", AssetType: "Image", URL: sampleUrl(e, "portrait.face-bob.png", { width: 640, height: 480 }) });
    await e.admin.idle();
    await new Promise((r) => setTimeout(r, 60));
    if (dialect.capabilities.hidesLivenessFace) {
      // Anyfast: the failed real-person asset answers NotFound.asset_id for good.
      await expect(client.getAsset({ Id: other.Id })).rejects.toMatchObject({ gatewayCode: "NotFound.asset_id" });
      await expect(client.getAsset({ Id: other.Id })).rejects.toBeInstanceOf(NotFoundError);
    } else {
      expect(await settled(client, other.Id)).toMatchObject({ Status: "Failed", Error: { Code: "FaceMismatch", Message: "Face consistency verification failed." } });
    }
    // The media checks still come first: a broken image fails for its own reason, not the face.
    const tiny = await client.createAsset({ GroupId, Name: "tiny", AssetType: "Image", URL: sampleUrl(e, "tiny.face-ana.png", { width: 100, height: 100 }) });
    if (!dialect.capabilities.hidesLivenessFace) expect((await settled(client, tiny.Id)).Error?.Code).not.toBe("FaceMismatch");
  });

  it("a session not completed within the link's lifetime expires: the result is refused and the H5 step answers 410", async () => {
    const e = await emulator({ visualValidate: { linkTtlMs: 150 } });
    const client = clientFor(e, dialect);
    const session = await startVerification(client, { callbackUrl: CALLBACK });
    await expect(waitForVerifiedGroup(client, session.bytedToken, { pollIntervalMs: 40, timeoutMs: 5000, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) })).rejects.toSatisfy(
      (error) => error instanceof VerificationNotCompletedError && error.reason === "expired" && /create a new session/.test(error.message),
    );
    await expect(client.getVisualValidateResult({ BytedToken: session.bytedToken })).rejects.toMatchObject({ gatewayCode: "InvalidParameter.BytedToken" });
    expect((await completeH5(e, session.bytedToken, { face: "ana" })).status).toBe(410);
  });

  it("a failed check reads as pending (no group), then expires; the waiter gives up with a clear reason", async () => {
    const e = await emulator({ visualValidate: { linkTtlMs: 400 } });
    const client = clientFor(e, dialect);
    const session = await startVerification(client, { callbackUrl: CALLBACK });
    const done = await completeH5(e, session.bytedToken, { resultCode: "20000" });
    expect(new URL(done.json["redirect"] as string).searchParams.get("resultCode")).toBe("20000");
    expect(await client.getVisualValidateResult({ BytedToken: session.bytedToken })).toEqual({ GroupId: "" });
    await expect(waitForVerifiedGroup(client, session.bytedToken, { pollIntervalMs: 30, timeoutMs: 100, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) })).rejects.toMatchObject({
      reason: "timeout",
    });
  });

  it("an unknown token, and a token of another credential, are refused", async () => {
    const e = await emulator({ apiKeys: [DEFAULT_API_KEY, "second-key"] });
    const client = clientFor(e, dialect);
    await expect(client.getVisualValidateResult({ BytedToken: "20260101000000ABCDEF" })).rejects.toBeInstanceOf(InvalidParameterError);
    if (dialect.capabilities.auth === "bearer") {
      const session = await startVerification(client, { callbackUrl: CALLBACK });
      const other = clientFor(e, dialect, { apiKey: "second-key" });
      await expect(other.getVisualValidateResult({ BytedToken: session.bytedToken })).rejects.toMatchObject({ gatewayCode: "InvalidParameter.BytedToken" });
    }
  });

  it("requires a CallbackURL: the client refuses before sending", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    await expect(client.createVisualValidateSession({ CallbackURL: "not a url" })).rejects.toMatchObject({ gatewayCode: "ClientValidation", field: "CallbackURL" });
    expect(e.requests).toHaveLength(0);
  });
});

describe.each(["gogogotoken", "agentsflare", "globalaiopc"].map((n) => [n, getDialect(n)] as const))("%s: no verification", (_name, dialect) => {
  it("answers UnsupportedAction before sending anything", async () => {
    const e = await emulator();
    const client = clientFor(e, dialect);
    await expect(client.createVisualValidateSession({ CallbackURL: CALLBACK })).rejects.toBeInstanceOf(UnsupportedActionError);
    await expect(client.getVisualValidateResult({ BytedToken: "x" })).rejects.toBeInstanceOf(UnsupportedActionError);
    expect(e.requests).toHaveLength(0);
  });
});

describe("anyfast: real-person groups are hidden from lists", () => {
  it("ListAssetGroups never shows a LivenessFace group (not even by Id) and ListAssets none of its assets; GetAsset does", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect("anyfast"));
    const GroupId = await verifiedGroup(e, client, "ana");
    const { Id } = await client.createAsset({ GroupId, Name: "front", AssetType: "Image", URL: sampleUrl(e, "front.face-ana.png", { width: 640, height: 480 }) });
    expect((await settled(client, Id)).Status).toBe("Active");
    expect((await client.listAssetGroups({ Filter: { GroupType: "LivenessFace", GroupIds: [GroupId] } })).Items).toEqual([]);
    expect((await client.listAssets({ Filter: { GroupType: "LivenessFace", GroupIds: [GroupId] } })).Items).toEqual([]);

    // The native gateways list them.
    const native = clientFor(e, getDialect("volcengine"));
    const nativeGroup = await verifiedGroup(e, native, "ana");
    expect((await native.listAssetGroups({ Filter: { GroupType: "LivenessFace" } })).Items.map((g) => g.Id)).toEqual([nativeGroup]);
  });

  it("an AIGC-only token gets \"GroupType must be one of [AIGC]\" for verification and LivenessFace filters", async () => {
    const e = await emulator({ apiKeys: [DEFAULT_API_KEY, "aigc-only"], aigcOnlyApiKeys: ["aigc-only"] });
    const client = clientFor(e, getDialect("anyfast"), { apiKey: "aigc-only" });
    for (const call of [
      () => client.createVisualValidateSession({ CallbackURL: CALLBACK }),
      () => client.listAssetGroups({ Filter: { GroupType: "LivenessFace" } }),
      () => client.listAssets({ Filter: { GroupType: "LivenessFace" } }),
    ]) {
      const error = await call().then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).gatewayMessage).toContain("GroupType must be one of [AIGC]");
    }
    // AIGC work goes on as usual with that token.
    expect((await client.createAssetGroup({ Name: "aigc" })).Id).toMatch(/^group-/);
  });
});

describe.each([["volcengine"], ["anyfast"]] as const)("%s: Asset and AssetGroup in a real person's group (the resources' implementations)", (gateway) => {
  const Group = providers.AssetGroup as unknown as Record<string, (...args: any[]) => Promise<any>>;
  const Asset = providers.Asset as unknown as Record<string, (...args: any[]) => Promise<any>>;
  afterEach(async () => {
    await resetForTests();
  });

  it("adopts the verified group by groupId, creates and reads an Asset in it, and keeps the group on destroy", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    const groupId = await verifiedGroup(e, client, "ana");
    configureWith(configFor(e, gateway));

    const group = await createResource("AssetGroup", { groupId });
    expect(group.id).toBe(groupId);
    expect(group.outs).toMatchObject({ groupId, groupType: "LivenessFace", name: expect.stringMatching(/^LivenessFace-/), adopt: false });
    expect(e.requests.filter((r) => r.action === "CreateAssetGroup")).toHaveLength(0);
    // Refresh and a second `up` change nothing, though the program declared neither name nor type.
    const read = await Group["read"]!(group.id, group.outs);
    expect(read.props).toMatchObject({ groupType: "LivenessFace", groupId });
    expect(await Group["diff"]!(group.id, read.props, await checked("AssetGroup", { groupId }))).toEqual({ changes: false, replaces: [] });

    const url = sampleUrl(e, "front.face-ana.png", { width: 640, height: 480 });
    const asset = await createResource("Asset", { groupId, name: "front", assetType: "Image", source: { url } });
    expect(asset.outs).toMatchObject({ status: "Active", groupId, assetUri: `asset://${asset.id}` });
    const readAsset = await Asset["read"]!(asset.id, asset.outs);
    expect(readAsset.props).toMatchObject({ status: "Active", groupId });

    // Waiting named the group's type: native lists it (no GetAsset fallback); Anyfast lists none, so GetAsset.
    const calls = statusWatcher().stats.calls;
    if (gateway === "anyfast") {
      expect(calls.ListAssets ?? 0).toBe(0);
      expect(calls.GetAsset).toBeGreaterThan(0);
    } else {
      expect(calls.ListAssets).toBeGreaterThan(0);
      expect(calls.GetAsset ?? 0).toBe(0);
    }

    // Destroy: the asset goes, the verified group stays (only leaves the stack).
    await Asset["delete"]!(asset.id, asset.outs);
    await Group["delete"]!(group.id, group.outs);
    expect(e.requests.filter((r) => r.action === "DeleteAssetGroup")).toHaveLength(0);
    expect(await client.getAssetGroup({ Id: groupId })).toMatchObject({ GroupType: "LivenessFace" });
    // Unless told otherwise.
    await Group["delete"]!(group.id, { ...group.outs, deleteOnDestroy: true });
    await expect(client.getAssetGroup({ Id: groupId })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("fails an Asset whose face does not match with the fix, and leaves nothing behind", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    const groupId = await verifiedGroup(e, client, "ana");
    configureWith(configFor(e, gateway));
    const url = sampleUrl(e, "portrait.face-bob.png", { width: 640, height: 480 });
    const failed = createResource("Asset", { groupId, name: "bob", assetType: "Image", source: { url } });
    await expect(failed).rejects.toThrow(gateway === "anyfast" ? /dropped while processing.*FaceMismatch.*front-facing photos or videos of the person verified/ : /FaceMismatch: Face consistency verification failed\..*Fix: the face in this media is not the person verified.*The failed asset was deleted/);
    await expect(failed).rejects.not.toBeInstanceOf(ResourceInitError);
    expect(e.admin.snapshot({ gateway }).assets.filter((a) => a.GroupId === groupId && a.Status !== "Failed")).toEqual([]);
  });

  it("a refresh of a real-person asset the gateway no longer finds drops it from the state (with a warning where lists cannot confirm)", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    const groupId = await verifiedGroup(e, client, "ana");
    configureWith(configFor(e, gateway));
    const url = sampleUrl(e, "front.face-ana.png", { width: 640, height: 480 });
    const asset = await createResource("Asset", { groupId, name: "front", assetType: "Image", source: { url } });
    await client.deleteAsset({ Id: asset.id });
    const warned = vi.spyOn(pulumi.log, "warn").mockResolvedValue(undefined as never);
    try {
      expect(await Asset["read"]!(asset.id, asset.outs)).toEqual({ id: "" });
      const messages = warned.mock.calls.map((c) => String(c[0]));
      if (gateway === "anyfast") expect(messages).toEqual([expect.stringMatching(/answers NotFound and lists no real-person assets.*deleted, or dropped after failing face verification/)]);
      else expect(messages).toEqual([]);
    } finally {
      warned.mockRestore();
    }
  });

  it("check explains the rules of groupId and groupType; a wrong declared type fails the create", async () => {
    const e = await emulator();
    const client = clientFor(e, getDialect(gateway));
    const groupId = await verifiedGroup(e, client, "ana");
    configureWith(configFor(e, gateway));
    const failures = async (news: Record<string, unknown>) => ((await providers.AssetGroup.check({}, news)).failures ?? []).map((f) => `${f.property}: ${f.reason}`);
    expect(await failures({ name: "x", groupType: "LivenessFace" })).toEqual([expect.stringMatching(/^groupType: .*real-person verification.*set groupId/)]);
    expect(await failures({ groupId, adopt: true })).toEqual([expect.stringMatching(/^adopt: cannot be combined with groupId/)]);
    expect(await failures({ groupId: "not an id!" })).toEqual([expect.stringMatching(/^groupId: must be a group id/)]);
    expect(await failures({})).toEqual([expect.stringMatching(/^name: is required/)]);
    await expect(createResource("AssetGroup", { groupId, groupType: "AIGC" })).rejects.toThrow(/is a LivenessFace group, not AIGC\. Fix: set groupType to "LivenessFace"/);
    await expect(createResource("AssetGroup", { groupId: "group-20260101000000-nopes" })).rejects.toThrow(/no such group in project "default".*GetAssetGroup answered NotFound/);
  });
});

describe("npm run liveness (scripts/liveness.mts, against dist/)", () => {
  const script = resolve(repoRoot, "scripts/liveness.mts");
  const run = (args: string[], env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [script, ...args], { env: { PATH: process.env["PATH"] ?? "", ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  it(
    "prints the H5 link, waits, and prints the new group id (the emulator's H5 step simulated); usage errors exit 2",
    async () => {
      // The script runs the published package (dist/), as a user's `npm run liveness` does: `npm test` builds it first.
      expect(existsSync(resolve(repoRoot, "dist/provider/liveness.js")), "dist/ is missing: run `npx tsc -p tsconfig.build.json`").toBe(true);
      const e = await emulator();
      const ok = await run(["--gateway", "anyfast", "--base-url", e.gatewayUrl("anyfast"), "--callback-url", CALLBACK, "--poll", "0.05", "--simulate-face", "ana"], { SEEDANCE_API_KEY: DEFAULT_API_KEY });
      expect(ok.stderr).toBe("");
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain(`${e.url}/_emulator/visual-validate/`);
      const groupId = /LivenessFace group: (group-\S+)/.exec(ok.stdout)?.[1];
      expect(groupId).toBeDefined();
      expect(ok.stdout).toContain(`groupId: ${groupId}`);
      const client = clientFor(e, getDialect("anyfast"));
      expect(await client.getAssetGroup({ Id: groupId! })).toMatchObject({ GroupType: "LivenessFace" });

      const json = await run(["--gateway", "volcengine", "--base-url", e.gatewayUrl("volcengine"), "--callback-url", CALLBACK, "--poll", "0.05", "--simulate-face", "ana", "--json"], {
        VOLCENGINE_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
        VOLCENGINE_SECRET_ACCESS_KEY: DEFAULT_SECRET_ACCESS_KEY,
      });
      expect(json.code).toBe(0);
      expect(JSON.parse(json.stdout)).toEqual({ groupId: expect.stringMatching(/^group-/), gateway: "volcengine", projectName: "default" });

      const noCallback = await run(["--gateway", "anyfast"], { SEEDANCE_API_KEY: DEFAULT_API_KEY });
      expect(noCallback.code).toBe(2);
      expect(noCallback.stderr).toMatch(/--callback-url is required/);
      const noVerification = await run(["--gateway", "globalaiopc", "--callback-url", CALLBACK], { SEEDANCE_API_KEY: DEFAULT_API_KEY });
      expect(noVerification.code).toBe(2);
      expect(noVerification.stderr).toMatch(/globalaiopc has no real-person verification/);
      const expired = await run(["--gateway", "anyfast", "--base-url", e.gatewayUrl("anyfast"), "--callback-url", CALLBACK, "--poll", "0.05", "--timeout", "0.2"], { SEEDANCE_API_KEY: DEFAULT_API_KEY });
      expect(expired.code).toBe(1);
      expect(expired.stderr).toMatch(/did not produce a group.*\n.*start a new verification session/);
    },
    60_000,
  );
});
