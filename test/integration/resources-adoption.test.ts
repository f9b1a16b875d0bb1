/**
 * What adoption compares (provider/resources/adoption.ts) against a local HTTP server standing in for the gateway's
 * object storage and for a declared source URL, and the configuration error for a missing credential.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AssetRecord } from "../../provider/api.js";
import { compareAsset, objectOf, verifyAssetAdoption } from "../../provider/resources/adoption.js";
import type { Connection } from "../../provider/resources/context.js";
import { getDialect } from "../../provider/gateways/index.js";
import type { AssetState } from "../../provider/resources/asset.js";
import { missingCredential } from "../../provider/resources/config.js";

let server: Server;
let base: string;
const bodies: Record<string, string> = { "/tos/asset-1": "the stored media", "/same.png": "the stored media", "/other.png": "other media!" };

beforeAll(async () => {
  server = createServer((req, res) => {
    const body = bodies[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(body ? 200 : 404).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const found = (over: Partial<AssetRecord> = {}): AssetRecord => ({
  Id: "asset-1",
  Name: "hero",
  AssetType: "Image",
  GroupId: "group-1",
  Status: "Active",
  URL: `${base}/tos/asset-1?X-Tos-Signature=abc`,
  ...over,
});
const declared = (source: AssetState["source"], over: Partial<AssetState> = {}): AssetState => ({
  name: "hero",
  assetType: "Image",
  groupId: "group-1",
  projectName: "default",
  adopt: true,
  source,
  ...over,
});

describe("adoption compares what it takes over", () => {
  it("a presigned link to the asset's own object matches, whatever its signature", async () => {
    expect(objectOf("https://tos.example.com/a/b?X-Tos-Signature=1")).toBe("https://tos.example.com/a/b");
    const verdict = await compareAsset(declared({ url: `${base}/tos/asset-1?X-Tos-Signature=old` }), found());
    expect(verdict.differences).toEqual([]);
    expect(verdict.compared).toContain("source (the gateway's own link to this asset's media)");
  });

  it("another URL matches by content, and a different content is the exact difference", async () => {
    expect((await compareAsset(declared({ url: `${base}/same.png` }), found())).compared).toContain("source (same content, SHA-256)");
    const verdict = await compareAsset(declared({ url: `${base}/other.png` }), found());
    expect(verdict.differences).toHaveLength(1);
    expect(verdict.differences[0]).toMatch(/^source: the gateway's media is SHA-256 [0-9a-f]{12}…, 16 bytes, source\.url http:\S+\/other\.png is SHA-256 [0-9a-f]{12}…, 12 bytes$/);
  });

  it("type and group differences are named; a source that cannot be downloaded is reported, not guessed", async () => {
    const typed = await compareAsset(declared({ url: `${base}/same.png` }, { assetType: "Video" }), found());
    expect(typed.differences).toEqual(["assetType: the gateway has Image, declared Video"]);
    const grouped = await compareAsset(declared({ url: `${base}/same.png` }, { groupId: "group-2" }), found());
    expect(grouped.differences).toEqual(["group: the gateway has group-1, declared group-2"]);
    const missing = await compareAsset(declared({ url: `${base}/gone.png` }), found());
    expect(missing.differences).toEqual([]);
    expect(missing.notCompared[0]).toMatch(/^source: source\.url \S+gone\.png could not be read \(HTTP 404\)$/);
    const processing = await compareAsset(declared({ url: `${base}/same.png` }), found({ Status: "Processing", URL: "" }));
    expect(processing.notCompared).toEqual(["source: the gateway gives no link to the media while the asset is Processing"]);
  });
});

describe("the adoption branch of create", () => {
  /**
   * A connection whose ListAssets answers `listed` (the lookup's fallback search by name) and whose GetAssetGroup
   * answers an AIGC group (the lookup lists under the group's own type).
   */
  const connection = (listed: AssetRecord[]): Connection =>
    ({
      profileName: "default",
      gateway: "anyfast",
      capabilities: getDialect("anyfast").capabilities,
      defaultProjectName: "default",
      client: {
        async *listAllAssets() {
          yield* listed;
        },
        async call(action: string, request: { Id: string }) {
          if (action !== "GetAssetGroup") throw new Error(`unexpected ${action}`);
          return { Id: request.Id, Name: "cast", GroupType: "AIGC" };
        },
      },
    }) as unknown as Connection;

  it("refuses a same-name asset of another type that the lookup skipped, naming both types and the fixes", async () => {
    const video = found({ Id: "asset-9", AssetType: "Video" });
    await expect(verifyAssetAdoption(connection([video]), declared({ url: `${base}/same.png` }), undefined)).rejects.toThrow(
      'Asset "hero": refusing to adopt asset-9: assetType: the gateway has Video, declared Image. Fix: set assetType to Video to adopt it, rename the declared asset, or delete asset-9 on the gateway.',
    );
    // Nothing of that name (or only a Failed one, which create replaces): create goes ahead.
    await expect(verifyAssetAdoption(connection([found({ Status: "Failed", AssetType: "Video" })]), declared({ url: `${base}/same.png` }), undefined)).resolves.toBeUndefined();
  });

  it("refuses a found asset whose media differs, listing each difference", async () => {
    await expect(verifyAssetAdoption(connection([]), declared({ url: `${base}/other.png` }), found())).rejects.toThrow(
      /^Asset "hero": refusing to adopt asset-1, which differs from the declaration:\n  - source: the gateway's media is SHA-256 [0-9a-f]{12}…/,
    );
    await expect(verifyAssetAdoption(connection([]), declared({ url: `${base}/same.png` }), found())).resolves.toBeUndefined();
  });
});

describe("a missing credential", () => {
  it("names the stack configuration key, the environment variable and the commands, with no stack trace", () => {
    const bearer = missingCredential("anyfast", {});
    expect(bearer?.message).toContain("seedance:apiKey is not set: anyfast authenticates with a Bearer API key");
    expect(bearer?.message).toContain("pulumi config set --secret seedance:apiKey <value>`, or set the environment variable SEEDANCE_API_KEY");
    expect(bearer?.stack).toBe("");
    const aksk = missingCredential("byteplus", { accessKeyId: "AK" });
    expect(aksk?.message).toContain("seedance:secretAccessKey is not set: byteplus signs every request with an access key (AK/SK)");
    expect(aksk?.message).toContain("or set the environment variable BYTEPLUS_SECRET_ACCESS_KEY");
    const profile = missingCredential("anyfast", {}, "cn");
    expect(profile?.message).toContain("pulumi config set --path --secret seedance:profiles.cn.apiKey <value>");
    expect(missingCredential("anyfast", { apiKey: "k" })).toBeUndefined();
  });
});
