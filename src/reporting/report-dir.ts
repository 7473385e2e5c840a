import { existsSync, rmSync } from "node:fs";
import path from "node:path";
import { givenReportDir } from "../settings/given";
import { verdictFileNames } from "./formats/verdict-formats";
import { partialDirName, partialSelection } from "./selection/partial-run";

/** Where a run writes its reports: CONFORMANCE_REPORT_DIR, or reports/ under the working directory. */
export function reportDir(env: NodeJS.ProcessEnv = process.env): string {
  return givenReportDir(env);
}

/**
 * The conformance.json of the last run in `dir`, the one Playwright's own
 * reports (junit, html, allure-results) belong to: a partial run's in
 * partial/, which every full run removes, else the full run's.
 */
export function lastRunVerdictFile(dir: string = reportDir()): string {
  const partial = path.join(dir, partialDirName, "conformance.json");
  return existsSync(partial) ? partial : path.join(dir, "conformance.json");
}

/**
 * Removes the previous run's verdict and results, once a run is set to give
 * a verdict of its own (a run that stops before, exit 2, leaves them alone),
 * so that Allure does not count earlier runs as retries of this one. A partial run
 * (selection/partial-run.ts) keeps the last full run's verdict and removes the last
 * partial one.
 */
export function clearPreviousVerdict(dir: string = reportDir(), argv: readonly string[] = process.argv): void {
  const partial = partialSelection(argv) !== undefined;
  for (const name of [
    ...(partial ? [] : verdictFileNames),
    partialDirName,
    "junit.xml",
    "playwright.json",
    "allure-results",
    "html",
    // The exchange log: its HAR and the workers' lines a killed run left.
    "exchanges.har",
    "exchanges",
    "blob-report",
  ]) {
    rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}
