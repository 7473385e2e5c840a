/**
 * Turns the last run's Allure results into an HTML report, offline:
 *   npm run report      (reads CONFORMANCE_REPORT_DIR, default reports/)
 * The report is one index.html that opens from disk, named for the run's
 * target, grouped by requirement, with the run's verdict as its quality gate;
 * the command ends with the gate's exit code (0 pass, 1 fail), as the run did;
 * 2 when there is nothing to render or it cannot be rendered.
 * With CONFORMANCE_HISTORY, Allure keeps its history (and so its trends) in
 * allure-history.jsonl in that folder, beside the suite's own history.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  AllureReport,
  filterFailedQualityGateResults,
  resolveConfig,
  stringifyQualityGateResults,
} from "@allurereport/core";
import { redact, registerSecret } from "../src/core/secrets";
import { givenSecrets, givenSetting } from "../src/settings/given";
import { loadEnvFile } from "../src/settings/env-file";
import { lastRunVerdictFile, reportDir } from "../src/reporting/report-dir";
import { allureConfig, validateVerdictGate, withoutAnalytics } from "../src/reporting/allure/allure-report";
import type { ConformanceReport } from "../src/reporting/conformance-report";
import { allureHistoryFileName, historyDir, runsKeptPerTarget } from "../src/reporting/history/history";

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

try {
  loadEnvFile();
} catch (error) {
  fail((error as Error).message);
}
// The report's name and the gate's message come from conformance.json, redacted when it was written; the secrets of
// this environment are redacted from them once more.
for (const secret of givenSecrets()) registerSecret(secret);
const reports = reportDir();
const results = path.join(reports, "allure-results");
// Allure's results are the last run's, partial or not: so is the verdict its gate reads.
const verdictFile = lastRunVerdictFile(reports);
if (!existsSync(results)) fail(`no Allure results in ${results}: run npm run conformance first`);
if (!existsSync(verdictFile))
  fail(`no ${path.relative(reports, verdictFile)} in ${reports}: run npm run conformance first`);
let facts: ConformanceReport;
try {
  facts = JSON.parse(readFileSync(verdictFile, "utf8")) as ConformanceReport;
} catch (error) {
  fail(`${verdictFile} cannot be read (${(error as Error).message}): run npm run conformance again`);
}
if (!["pass", "fail"].includes(facts.verdict) || !Array.isArray(facts.checks) || !facts.target)
  fail(
    `${verdictFile} is not a conformance.json the suite wrote (no verdict, target or checks): run npm run conformance again`,
  );
const output = path.join(reports, "allure-report");
const history = historyDir(givenSetting("CONFORMANCE_HISTORY"));
if (history) mkdirSync(history, { recursive: true });
// An earlier report's data files would stay beside the single file, and be mistaken for its data.
rmSync(output, { recursive: true, force: true });

/** Generates the report; resolves to the quality gate's exit code. */
async function generate(): Promise<number> {
  const config = await resolveConfig(
    allureConfig(facts, {
      output,
      ...(history ? { history: { path: path.join(history, allureHistoryFileName), limit: runsKeptPerTarget } } : {}),
    }),
  );
  // `allure generate` never evaluates a quality gate (only `allure run` and `allure quality-gate` do), so the
  // report is generated here as `allure run` does: read, validate, hand the gate's result to the report, finish.
  const report = new AllureReport(config);
  await report.start();
  await report.readDirectory(results);
  const gate = [await validateVerdictGate(facts, await report.store.allTestResults({ includeRetries: false }))];
  report.realtimeDispatcher.sendQualityGateResults(gate);
  await report.done();
  const page = path.join(output, "index.html");
  writeFileSync(page, withoutAnalytics(readFileSync(page, "utf8")));
  const failed = filterFailedQualityGateResults(gate);
  if (failed.length) console.error(stringifyQualityGateResults(failed));
  console.log(`Allure report: ${page} (opens from disk)`);
  return failed.length ? 1 : 0;
}

generate().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`The Allure report could not be generated: ${redact((error as Error).message)}`);
    process.exit(2);
  },
);
