/**
 * The contracts bite: the same pacts, verified against an emulator whose answers are rewritten to look like a gateway
 * that drifted from its dialect (the emulator's `responseHook`), must FAIL — with a mismatch a person can read, at
 * the interaction that drifted. One case per kind of drift: a renamed field, a changed envelope, a wrong status code,
 * a missing error code.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GatewayName, WireResponse } from "../../provider/gateways/dialect.js";
import { startContractEmulator, type ContractEmulator, type Drift } from "../lib/emulator-provider.js";
import { renderReport, writeReport } from "../lib/report.js";

interface DriftCase {
  name: string;
  gateway: GatewayName;
  drift: Drift;
  /** An interaction that must fail … */
  interaction: string;
  /** … with a mismatch at this place … */
  where: string;
  /** … whose text matches this. */
  text: RegExp;
}

const record = (value: unknown) => value as Record<string, unknown>;
const isSuccess = (wire: WireResponse) => wire.status === 200;

const CASES: DriftCase[] = [
  {
    name: "a renamed field: volcengine answers Result.State instead of Result.Status",
    gateway: "volcengine",
    drift: (ctx, wire) => {
      if (ctx.action !== "GetAsset" || !isSuccess(wire)) return wire;
      const result = record(record(wire.body)["Result"]);
      if (!result || !("Status" in result)) return wire;
      const { Status, ...rest } = result;
      return { ...wire, body: { ...record(wire.body), Result: { ...rest, State: Status } } };
    },
    interaction: "GetAsset: an Active asset",
    where: "body $.Result",
    text: /missing the following keys: Status/,
  },
  {
    name: "a changed envelope: anyfast wraps its answers in {code, data}",
    gateway: "anyfast",
    drift: (_ctx, wire) => (isSuccess(wire) ? { ...wire, body: { code: 0, data: wire.body } } : wire),
    interaction: "CreateAssetGroup: a new asset group",
    where: "body $",
    text: /missing the following keys: Id/,
  },
  {
    name: "a wrong status code: globalaiopc answers not-found with HTTP 404 instead of 200",
    gateway: "globalaiopc",
    drift: (ctx, wire) => {
      const body = record(wire.body);
      return ctx.action === "GetAsset" && body["code"] === 404 ? { ...wire, status: 404 } : wire;
    },
    interaction: "GetAsset: an id that does not exist",
    where: "status",
    text: /expected 200 but was 404/,
  },
  {
    name: "a missing error code: byteplus drops ResponseMetadata.Error.Code",
    gateway: "byteplus",
    drift: (_ctx, wire) => {
      const meta = record(record(wire.body)["ResponseMetadata"] ?? {});
      const error = meta["Error"] as Record<string, unknown> | undefined;
      if (!error) return wire;
      const { Code: _code, ...rest } = error;
      return { ...wire, body: { ...record(wire.body), ResponseMetadata: { ...meta, Error: rest } } };
    },
    interaction: "GetAsset: an id that does not exist",
    where: "body $.ResponseMetadata.Error",
    text: /missing the following keys: Code/,
  },
  {
    name: "a missing error code: agentsflare's status_msg loses the upstream code prefix",
    gateway: "agentsflare",
    drift: (_ctx, wire) => {
      const base = record(record(wire.body)["base_resp"] ?? {});
      if (typeof base["status_msg"] !== "string" || base["status_code"] === 0) return wire;
      return { ...wire, body: { ...record(wire.body), base_resp: { ...base, status_msg: String(base["status_msg"]).replace(/^[A-Z][\w.]*: /, "") } } };
    },
    interaction: "GetAsset: an id that does not exist",
    where: "body $.base_resp.status_msg",
    text: /to match/,
  },
  {
    name: "a dropped header: byteplus stops sending its request id in X-Tt-Logid",
    gateway: "byteplus",
    drift: (_ctx, wire) => {
      const { "x-tt-logid": _logid, ...headers } = wire.headers;
      return { ...wire, headers };
    },
    interaction: "GetAsset: an id that does not exist",
    where: "header X-Tt-Logid",
    text: /X-Tt-Logid/,
  },
  {
    name: "a changed time format: globalaiopc answers createTime as ISO-8601 instead of its documented local time",
    gateway: "globalaiopc",
    drift: (ctx, wire) => {
      const data = record(record(wire.body)["data"] ?? {});
      if (ctx.action !== "GetAsset" || typeof data["createTime"] !== "string") return wire;
      return { ...wire, body: { ...record(wire.body), data: { ...data, createTime: String(data["createTime"]).replace(" ", "T") + "Z" } } };
    },
    interaction: "GetAsset: an Active asset",
    where: "body $.data.createTime",
    text: /to match/,
  },
  {
    name: "a changed auth answer: agentsflare answers a bad key with 401 instead of its documented 404 Key not found",
    gateway: "agentsflare",
    drift: (_ctx, wire) => (wire.status === 404 && record(wire.body)["message"] === "Key not found" ? { ...wire, status: 401 } : wire),
    interaction: "GetAsset: an unknown API key",
    where: "status",
    text: /expected 404 but was 401/,
  },
];

describe("drifted gateways fail verification with a readable mismatch", () => {
  let harness: ContractEmulator;
  const reports = mkdtempSync(join(tmpdir(), "seedance-drift-"));

  beforeAll(async () => {
    harness = await startContractEmulator();
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(reports, { recursive: true, force: true });
  });

  for (const c of CASES) {
    it(c.name, async () => {
      harness.setDrift(c.drift);
      let result;
      try {
        result = await harness.verify(c.gateway, { target: `emulator (drifted: ${c.name})` });
      } finally {
        harness.setDrift(undefined);
      }
      expect(result.error).toBeUndefined();
      expect(result.ok, "the drift was not detected").toBe(false);

      const failed = result.interactions.find((i) => i.description === c.interaction);
      expect(failed?.status, `${c.interaction} should fail; failures were:\n${result.failureText}`).toBe("fail");
      const mismatch = failed!.mismatches.find((m) => m.where === c.where && c.text.test(m.text));
      expect(mismatch, `no mismatch at ${c.where} matching ${c.text}; got:\n${result.failureText}`).toBeDefined();

      // The readable forms: one line per mismatch in the failure text, and the first mismatch in the report.
      expect(result.failureText).toContain(`✗ ${c.interaction}`);
      expect(result.failureText).toMatch(new RegExp(`\\n    - ${c.where.replace(/[$.]/g, "\\$&")}: `));
      const file = join(reports, `${c.gateway}.md`);
      writeReport(file, renderReport([result], { title: `Drift: ${c.name}` }));
      const report = readFileSync(file, "utf8");
      expect(report).toContain("**Incompatible**");
      expect(report).toContain(`— ${c.interaction}`);
      expect(report).toMatch(/\*\*FAIL\*\*/);
    });
  }
});
