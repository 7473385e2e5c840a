import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { FullConfig, FullResult, TestCase, TestResult } from "@playwright/test/reporter";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import ConformanceReporter from "../../src/reporting/conformance-reporter";
import { historyFileName } from "../../src/reporting/history/history";
import { publishedRunContext } from "../../src/settings/run-context";
import { readSettings, runContextVariable } from "../../src/settings/settings";
import { requirements } from "../../generated/requirements";

// The reporter hands the run's selection to the history: a run of every check is recorded, a grep in the
// configuration is not, and either way the report says how many runs were known.

const everyCheck = { grep: /.*/, grepInvert: null, shard: null, maxFailures: 0 };

/** One passed test tagged with every requirement: a run that exercised every check. */
const allTagged = {
  id: "t",
  tags: requirements.map((r) => `@${r.id}`),
  annotations: [],
  titlePath: () => ["", "conformance", "file.spec.ts", "t"],
  parent: { project: () => ({ metadata: { conformance: true } }) },
} as unknown as TestCase;

let dir: string;
const saved = { context: process.env[runContextVariable], summary: process.env.GITHUB_STEP_SUMMARY };
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "history-reporter-"));
  // The reporter reads CONFORMANCE_HISTORY from the run's settings, in the run context its global setup publishes.
  const settings = readSettings({ CONFORMANCE_HISTORY: path.join(dir, "history") });
  process.env[runContextVariable] = JSON.stringify({ ...publishedRunContext(), settings });
  delete process.env.GITHUB_STEP_SUMMARY;
});
test.afterEach(() => {
  for (const [name, value] of [
    [runContextVariable, saved.context],
    ["GITHUB_STEP_SUMMARY", saved.summary],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

async function run(config: Partial<FullConfig>): Promise<{ report: ConformanceReport; printed: string[] }> {
  const reporter = new ConformanceReporter({ outputDir: path.join(dir, "reports") });
  reporter.onBegin({ ...everyCheck, ...config } as FullConfig, { allTests: () => [allTagged] } as never);
  reporter.onTestEnd(allTagged, {
    status: "passed",
    annotations: [],
    attachments: [],
    errors: [],
  } as unknown as TestResult);
  const printed: string[] = [];
  const log = console.log;
  console.log = (line: string) => printed.push(line);
  await reporter.onEnd({ status: "passed" } as FullResult).finally(() => (console.log = log));
  const report = JSON.parse(readFileSync(path.join(dir, "reports", "conformance.json"), "utf8")) as ConformanceReport;
  return { report, printed };
}

test("a run of every check is recorded; the next one knows it", async () => {
  const first = await run({});
  expect(first.report.history).toEqual({ runsKnown: 0 });
  expect(first.report.checks.every((c) => c.change === "unchanged" && c.flaky === false)).toBe(true);
  expect(existsSync(path.join(dir, "history", historyFileName))).toBe(true);
  expect((await run({})).report.history).toEqual({ runsKnown: 1 });
});

test("a run with a grep in the configuration is compared but not recorded", async () => {
  const { report, printed } = await run({ grep: /@REMOVE-204/ });
  expect(report.history).toEqual({ runsKnown: 0 });
  expect(printed).toContain(
    "History: 0 earlier run(s) of this target; this run is not recorded: the configuration selects some checks only (grep).",
  );
  expect(existsSync(path.join(dir, "history", historyFileName))).toBe(false);
});
