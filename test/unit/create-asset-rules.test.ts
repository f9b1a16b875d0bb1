/**
 * One set of CreateAsset rules (provider/gateways/create-asset-rules.ts): for every gateway and every way of
 * carrying the media, the client refuses before sending exactly when the emulator (playing the gateway) refuses.
 */
import { describe, expect, it } from "vitest";
import type { RequestOf } from "../../provider/api.js";
import { GatewayClient } from "../../provider/client.js";
import { createAssetViolations, localUploadKind, mediaFormOf } from "../../provider/gateways/create-asset-rules.js";
import { DIALECTS } from "../../provider/gateways/index.js";
import { validateRequest } from "../../emulator/validate.js";

const MEDIA: Record<string, Pick<RequestOf<"CreateAsset">, "URL" | "File">> = {
  url: { URL: "https://example.com/a.png" },
  dataUri: { URL: "data:image/png;base64,iVBORw0KGgo=" },
  base64: { URL: "iVBORw0KGgo=" },
  multipart: { File: { fileName: "a.png", contentType: "image/png", data: new Uint8Array([1, 2, 3]) } },
};

function credentials(auth: "aksk" | "bearer") {
  return auth === "aksk" ? { accessKeyId: "AK", secretAccessKey: "SK" } : { apiKey: "key" };
}

describe("the CreateAsset rules", () => {
  for (const dialect of DIALECTS) {
    it(`${dialect.name}: the client and the emulator accept and refuse the same requests`, async () => {
      const client = new GatewayClient({ gateway: dialect.name, baseUrl: "http://127.0.0.1:9", maxRetries: 0, ...credentials(dialect.capabilities.auth) });
      try {
        for (const [form, media] of Object.entries(MEDIA)) {
          for (const AssetType of ["Image", "Document"] as const) {
            const request = { GroupId: "group-20260101000000-aaaaa", Name: "a", AssetType, ...media } as RequestOf<"CreateAsset">;
            let emulatorRefuses = false;
            try {
              validateRequest(dialect, "CreateAsset", { ...request });
            } catch {
              emulatorRefuses = true;
            }
            const error = (await client.call("CreateAsset", request).catch((e: unknown) => e)) as { gatewayCode?: string };
            // Anything the client sends fails on the closed port (a network error), never with ClientValidation.
            expect([form, AssetType, error.gatewayCode === "ClientValidation"]).toEqual([form, AssetType, emulatorRefuses]);
            expect(createAssetViolations(dialect.name, dialect.capabilities, { hasGroup: true, assetType: AssetType, media: mediaFormOf(request) }).some((v) => v.kind !== "unexpected")).toBe(emulatorRefuses);
          }
        }
      } finally {
        await client.close();
      }
    });
  }

  it("a local file is refused exactly where no upload kind is taken", () => {
    for (const dialect of DIALECTS) {
      const refused = createAssetViolations(dialect.name, dialect.capabilities, { hasGroup: dialect.capabilities.groups, media: "localFile" }).length > 0;
      expect(refused).toBe(localUploadKind(dialect.capabilities) === undefined);
    }
  });
});
