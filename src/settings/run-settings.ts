import path from "node:path";
import { loadEnvFile } from "./env-file";
import { givenReportDir } from "./given";
import { publishedRunContext } from "./run-context";
import { readSettings, type RunSettings } from "./settings";

/**
 * A run's settings, read once. In the process that runs the suite, the first
 * to ask (Playwright's configuration) loads the .env file and reads the
 * environment; the global setup and the reporter, in the same process, get
 * that same outcome, and the global setup hands the settings to the workers
 * in the run context. A worker's configuration takes them from there.
 */
export type RunSettingsOutcome =
  | { settings: RunSettings; reportDir: string; problem?: undefined }
  /** A bad configuration: the global setup reports the problem (exit 2), after clearing the last verdict from reportDir. */
  | { settings?: undefined; reportDir: string; problem: unknown };

let outcome: RunSettingsOutcome | undefined;

export function runSettings(): RunSettingsOutcome {
  outcome ??= resolve();
  return outcome;
}

function resolve(): RunSettingsOutcome {
  // A Playwright worker (TEST_WORKER_INDEX) starts after the global setup has published the run.
  const published = process.env.TEST_WORKER_INDEX === undefined ? undefined : publishedRunContext()?.settings;
  if (published) return { settings: published, reportDir: path.resolve(published.reportDir) };
  try {
    loadEnvFile();
    const settings = readSettings(process.env);
    return { settings, reportDir: path.resolve(settings.reportDir) };
  } catch (problem) {
    return { problem, reportDir: givenReportDir() };
  }
}
