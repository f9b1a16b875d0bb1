import { defineConfig } from "vitest/config";

// One project per kind of test, each runnable alone: `npx vitest run --project <name>`; `npm test` runs them all.
// Projects run in groupOrder: fast unit tests first, the real Pulumi CLI last.
export default defineConfig({
  test: {
    reporters: ["default"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 60_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Pact consumer tests write pact files and the verifier reads them: one file at a time, consumers first
        // (file names sort consumer/ before verify/).
        test: {
          name: "contract",
          include: ["contracts/consumer/**/*.test.ts", "contracts/verify/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          env: { PACT_DO_NOT_TRACK: "true" },
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 1_800_000,
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
