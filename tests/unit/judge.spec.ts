import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { judgedInstances, type JudgedInstance } from "../../src/judge/instances";
import type { JudgeReport } from "../../src/reporting/judge-reporter";
import { reportDir } from "../../src/reporting/report-dir";
import { runPlaywright } from "../config/run-suite";

// The suite's verdicts, proven: the judge (tests/judge/judge.config.ts) runs
// the whole suite against every mutant of specs/mutants.yaml, every variant of
// specs/variants.yaml and the plain reference service, in one Playwright run.
// Here each instance is one test that reads the judge's assessment of it.

// One worker for the whole file, so the judge runs once.
test.describe.configure({ mode: "default" });

const judgeFile = path.join(reportDir(), "judge", "judge.json");
// A failed test restarts this worker and reruns beforeAll: the judge runs once
// per `npm test`, the runner's pid tells whether this run's result is there.
const doneMarker = `${judgeFile}.for-runner-${process.ppid}`;

let report: JudgeReport | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(600_000);
  if (!existsSync(doneMarker)) {
    const run = await runPlaywright(["test", "-c", "tests/judge/judge.config.ts"], { CONFORMANCE_REPORT_DIR: reportDir() }, 540_000);
    output = run.stdout + run.stderr;
    writeFileSync(doneMarker, output);
  } else output = readFileSync(doneMarker, "utf8");
  report = existsSync(judgeFile) ? (JSON.parse(readFileSync(judgeFile, "utf8")) as JudgeReport) : undefined;
});

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

const expectation = (i: JudgedInstance) =>
  i.kind === "mutant"
    ? `fails the run on ${i.breaks.join(", ")}`
    : i.kind === "variant"
      ? `passes${i.warns.length ? ` with a warning on ${i.warns.join(", ")}` : ""}`
      : "passes every check";

for (const instance of judgedInstances) {
  test(`${instance.kind} ${instance.name} ${expectation(instance)}`, () => {
    const assessment = report?.instances.find((a) => a.name === instance.name);
    expect(assessment, "the judge has no assessment of it").toBeDefined();
    const reasons = Object.entries(assessment!.reasons).map(([id, reason]) => `  ${id}: ${reason}`).join("\n");
    expect(assessment!.problems, `${instance.description}\n${reasons}`).toEqual([]);
  });
}
