/**
 * Broker publishing (contracts/lib/broker.ts) against a local stand-in broker: the request follows the broker's
 * "publish contracts" API (version = git SHA, branch = git branch), credentials travel only in the Authorization
 * header, and a refusal is reported with the broker's answer and without the token.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokerFromEnv, publishPacts, versionInfo } from "../lib/broker.js";
import { CONSUMER, pactFile, PROVIDERS, repoRoot } from "../lib/names.js";

interface Received {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

describe("publishing pacts to a Pact Broker", () => {
  let server: Server;
  let url: string;
  const received: Received[] = [];
  let refuse = false;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        received.push({ path: req.url ?? "", authorization: req.headers.authorization, body: JSON.parse(text) as Record<string, unknown> });
        res.setHeader("content-type", "application/hal+json");
        if (refuse) {
          res.statusCode = 401;
          res.end(JSON.stringify({ error: "bad token broker-secret-token" }));
        } else {
          res.end(JSON.stringify({ logs: [{ level: "info", message: "Pact published." }] }));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("takes version and branch from CI variables first, then from git", () => {
    expect(versionInfo(repoRoot(), { GITHUB_SHA: "abc123", GITHUB_HEAD_REF: "feature/x" })).toMatchObject({ version: "abc123", branch: "feature/x" });
    const fromGit = versionInfo(repoRoot(), {});
    expect(fromGit.version).toMatch(/^[0-9a-f]{40}$/);
    expect(brokerFromEnv({})).toBeUndefined();
    expect(brokerFromEnv({ PACT_BROKER_BASE_URL: "https://broker.example/", PACT_BROKER_TOKEN: "t" })).toEqual({ url: "https://broker.example", token: "t" });
  });

  it("posts every pact to /contracts/publish with the consumer version and branch", async () => {
    const files = [pactFile("anyfast"), pactFile("volcengine")];
    const result = await publishPacts({ url, token: "broker-secret-token" }, files, { version: "abc123", branch: "main", dirty: false });
    expect(result.logs).toEqual([{ level: "info", message: "Pact published." }]);
    const request = received.at(-1)!;
    expect(request.path).toBe("/contracts/publish");
    expect(request.authorization).toBe("Bearer broker-secret-token");
    expect(request.body).toMatchObject({ pacticipantName: CONSUMER, pacticipantVersionNumber: "abc123", branch: "main" });
    const contracts = request.body["contracts"] as { consumerName: string; providerName: string; specification: string; content: string }[];
    expect(contracts.map((c) => c.providerName)).toEqual([PROVIDERS.anyfast, PROVIDERS.volcengine]);
    expect(contracts[0]).toMatchObject({ consumerName: CONSUMER, specification: "pact", contentType: "application/json" });
    expect(JSON.parse(Buffer.from(contracts[0]!.content, "base64").toString("utf8"))).toMatchObject({ provider: { name: PROVIDERS.anyfast } });
  });

  it("reports a refusal with the broker's answer, without the token", async () => {
    refuse = true;
    try {
      await expect(publishPacts({ url, token: "broker-secret-token" }, [pactFile("anyfast")], { version: "abc123", dirty: false })).rejects.toThrow(/HTTP 401/);
      const error = await publishPacts({ url, token: "broker-secret-token" }, [pactFile("anyfast")], { version: "abc123", dirty: false }).catch((e: Error) => e);
      expect(String((error as Error).message)).not.toContain("broker-secret-token");
    } finally {
      refuse = false;
    }
  });
});
