import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { mutants } from "../../generated/deviations";
import { explorationBudgetSetting, projectName, judgedInstances } from "../../src/judge/instances";
import type { JudgeReport } from "../../src/judge/reporter";
import { reportDir } from "../../src/reporting/report-dir";
import { playwrightCommand, runToEnd } from "../support/harness";

// The proof that only exploration reaches the mutants marked `reachedBy:
// exploration`: the judge, run on them alone with the exploration off, must
// find each passing the fixed checks; tests/integration/judge.spec.ts shows
// the same mutants failing their requirements with the exploration at its
// default. One judge-like run for all of them.

test.describe.configure({ mode: "default" });

const reachedByExploration = mutants.filter((m) => m.reachedBy === "exploration");
const outputDir = path.join(reportDir(), "judge-without-exploration");

let report: JudgeReport | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  rmSync(outputDir, { recursive: true, force: true });
  const projects = judgedInstances
    .filter((i) => i.kind === "mutant" && reachedByExploration.some((m) => m.name === i.name))
    .flatMap((i) => ["--project", projectName(i)]);
  const run = await runToEnd(playwrightCommand(["test", "-c", "tests/judge/judge.config.ts", ...projects]), {
    env: { CONFORMANCE_REPORT_DIR: outputDir, [explorationBudgetSetting]: "0" },
    timeoutMs: 540_000,
  });
  output = `${run.output}\n(the judge exited ${run.exitCode})`;
  expect([0, 1], `the judge's run ended with ${run.exitCode}:\n${output}`).toContain(run.exitCode);
  report = JSON.parse(readFileSync(path.join(outputDir, "judge", "judge.json"), "utf8")) as JudgeReport;
});

test("there are mutants only exploration reaches", () => {
  expect(reachedByExploration.length).toBeGreaterThanOrEqual(12);
});

for (const mutant of reachedByExploration) {
  test(`mutant ${mutant.name} passes with ${explorationBudgetSetting}=0`, () => {
    const assessment = report?.instances.find((a) => a.name === mutant.name);
    expect(assessment, `the judge has no assessment of it:\n${output}`).toBeDefined();
    expect(assessment!.fixedChecksOnly, "judged as one the fixed checks alone must pass").toBeDefined();
    expect(assessment!.verdict, `${mutant.description}\n${assessment!.problems.join("\n")}`).toBe("pass");
    expect(assessment!.problems).toEqual([]);
  });
}
