import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Vitest's default sequencer orders the files of a project by past failures, duration and size, not by name, so
 * nothing in it puts Pact consumer tests (which write the pact files) before the verifications (which read them).
 * This one keeps the default order and then moves, within each project, contracts/consumer/ files ahead of
 * contracts/verify/ files.
 */
class ContractsFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => (/[\\/]contracts[\\/]consumer[\\/]/.test(spec.moduleId) ? 0 : /[\\/]contracts[\\/]verify[\\/]/.test(spec.moduleId) ? 1 : 0);
    const position = new Map(sorted.map((spec, i) => [spec, i]));
    return [...sorted].sort((a, b) => {
      if (a.project.name !== b.project.name) return position.get(a)! - position.get(b)!;
      return rank(a) - rank(b) || position.get(a)! - position.get(b)!;
    });
  }
}

// One project per kind of test, each runnable alone: `npx vitest run --project <name>`; `npm test` runs them all.
// Projects run in groupOrder: fast unit tests first, the real Pulumi CLI last.
export default defineConfig({
  test: {
    // The json report feeds the plain "N passed, N failed" line that .ci/run prints at the end.
    reporters: ["default", "json"],
    outputFile: { json: ".vitest/results.json" },
    sequence: { sequencer: ContractsFirstSequencer },
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
        // (ContractsFirstSequencer above; the default sequencer does not order by name).
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
