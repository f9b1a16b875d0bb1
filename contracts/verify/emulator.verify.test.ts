/**
 * Provider verification of every gateway's pact against the in-process emulator (part of `npm test`): the emulator
 * must honour each contract the client's consumer tests wrote. Writes contracts/reports/emulator.md.
 */
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GATEWAY_NAMES } from "../../provider/gateways/index.js";
import { startContractEmulator, type ContractEmulator } from "../lib/emulator-provider.js";
import { reportDir } from "../lib/names.js";
import { renderReport, writeReport } from "../lib/report.js";
import type { VerifyResult } from "../lib/verify.js";

describe("provider verification against the emulator", () => {
  let harness: ContractEmulator;
  const results: VerifyResult[] = [];

  beforeAll(async () => {
    harness = await startContractEmulator();
  });

  afterAll(async () => {
    await harness?.close();
    if (results.length > 0) {
      writeReport(
        resolve(reportDir(), "emulator.md"),
        renderReport(results, {
          title: "Contract compatibility report: emulator",
          notes: ["Every gateway's pact (contracts/pacts) verified against the in-process emulator by `npm test` (contracts/verify/emulator.verify.test.ts)."],
        }),
      );
    }
  });

  for (const gateway of GATEWAY_NAMES) {
    it(`${gateway} honours its pact`, async () => {
      const result = await harness.verify(gateway);
      results.push(result);
      expect(result.error, result.error).toBeUndefined();
      expect(result.ok, `\n${result.failureText}`).toBe(true);
      expect(result.interactions.length).toBeGreaterThan(0);
    });
  }
});
