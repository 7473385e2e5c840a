import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { readRunContext } from "../../src/settings/run-context";
import { judgedInstances, type JudgedInstance } from "../../src/judge/instances";
import type { JudgeReport } from "../../src/judge/reporter";
import { reportDir } from "../../src/reporting/report-dir";
import { playwrightCommand, runToEnd } from "../support/harness";

// The suite's verdicts, proven: the judge (tests/judge/judge.config.ts) runs
// the whole suite against every mutant of specs/mutants.yaml, every variant of
// specs/variants.yaml and the plain reference service, in one Playwright run.
// Here each instance is one test that reads the judge's assessment of it.

// One worker for the whole file, so the judge runs once.
test.describe.configure({ mode: "default" });

const judgeFile = path.join(reportDir(), "judge", "judge.json");

let report: JudgeReport | undefined;
let output = "";

test.beforeAll(async () => {
  // About 6 minutes alone on two cores, since stateful mutants are judged three times under parallelism.
  test.setTimeout(960_000);
  // A failed test restarts this worker and reruns beforeAll: the judge runs
  // once per run of this suite, whose id the judge's report carries.
  const { runId } = readRunContext();
  const outputFile = `${judgeFile}.output`;
  if (!isThisRuns(judgeFile, runId)) {
    rmSync(judgeFile, { force: true });
    const run = await runToEnd(playwrightCommand(["test", "-c", "tests/judge/judge.config.ts"]), {
      env: { CONFORMANCE_REPORT_DIR: reportDir(), JUDGE_RUN_ID: runId },
      timeoutMs: 900_000,
    });
    output = `${run.output}\n(the judge exited ${run.exitCode})`;
    writeFileSync(outputFile, output);
    expect([0, 1], `the judge's run ended with ${run.exitCode}:\n${output}`).toContain(run.exitCode);
  } else output = readFileSync(outputFile, "utf8");
  expect(isThisRuns(judgeFile, runId), `the judge wrote no report of this run:\n${output}`).toBe(true);
  report = JSON.parse(readFileSync(judgeFile, "utf8")) as JudgeReport;
});

function isThisRuns(file: string, runId: string): boolean {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as JudgeReport).runId === runId;
  } catch {
    return false;
  }
}

test("the judge judged every instance, with no error outside the tests", () => {
  expect(report, `the judge wrote no ${judgeFile}:\n${output}`).toBeDefined();
  expect(report!.runErrors).toEqual([]);
  expect(report!.instances.map((a) => a.name).sort()).toEqual(judgedInstances.map((i) => i.name).sort());
});

test("the mutation score is 100%", () => {
  // The judge's table, for the log of `npm test`.
  console.log(`\n${output.slice(output.indexOf("Mutation table"))}`);
  expect(report?.score.percent, output).toBe(100);
});

test("the judge's report and output carry no token, not even a piece of one", () => {
  // The judge's tokens live and die in its workers; any JWT-shaped text (one mutant echoes the token) must have been redacted.
  const jwtLike = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;
  expect(readFileSync(judgeFile, "utf8")).not.toMatch(jwtLike);
  expect(output).not.toMatch(jwtLike);
});

const expectation = (i: JudgedInstance) =>
  i.kind === "mutant" && i.fixedChecksOnly
    ? "passes the fixed checks (only exploration reaches it)"
    : i.kind === "mutant"
      ? `fails the run on ${i.breaks.join(", ")}`
      : i.kind === "variant"
        ? `passes${i.warns.length ? ` with a warning on ${i.warns.join(", ")}` : ""}`
        : "passes every check";

for (const instance of judgedInstances) {
  test(`${instance.kind} ${instance.name} ${expectation(instance)}`, () => {
    const assessment = report?.instances.find((a) => a.name === instance.name);
    expect(assessment, "the judge has no assessment of it").toBeDefined();
    const reasons = Object.entries(assessment!.reasons)
      .map(([id, reason]) => `  ${id}: ${reason}`)
      .join("\n");
    expect(assessment!.problems, `${instance.description}\n${reasons}`).toEqual([]);
  });
}
