import path from "node:path";
import { defineConfig } from "@playwright/test";
import { readSettings } from "./src/settings/settings";
import { runSettings } from "./src/settings/run-settings";
import { blobReporterWhenSharded } from "./src/reporting/merge/shard-record";
import { suiteWorkers } from "./src/suite/parallelism";
import { runsTheSuiteAlone } from "./src/reporting/selection/run-selection";

// The run's settings, read once here for the run (src/settings/run-settings.ts). Bad settings are reported, with
// exit code 2, by the global setup; here the defaults only shape the run.
const run = runSettings();
const settings = run.settings ?? readSettings({});
const ci = !!process.env.CI;
const external = settings.baseUrl !== undefined;

// The rate-limit check spends its budget and then mostly waits out Retry-After.
// On the embedded service the probe has a token of its own: the global setup
// begins it (src/suite/early-rate-limit-probe.ts), its wait overlaps the
// workers' start, and the check, one of the others, judges its record. On an
// external target it shares the one token, so the check probes in a project
// of its own, run as the checks' teardown: after all of them, whatever their
// outcome, and throttling none.
const rateLimitProject = {
  name: "conformance: rate limit",
  testDir: "tests/conformance",
  testMatch: "rate-limit.spec.ts",
  metadata: { conformance: true },
};
const conformanceProject = {
  name: "conformance",
  testDir: "tests/conformance",
  ...(external ? { testIgnore: rateLimitProject.testMatch } : {}),
  metadata: { conformance: true },
  // Against a remote target every check is its own unit of work, so that all the workers keep requests in flight.
  // On the embedded service a file's checks run together on one worker: there, handing each check to a worker
  // costs more than its requests.
  fullyParallel: external,
  ...(external ? { teardown: rateLimitProject.name } : {}),
};
const reports = run.reportDir;

// The project's own tests: fast in-process ones, and those that run the suite or a script as a process. A run of the
// suite alone (`npm run conformance`) leaves them out: the judge's dependencies would have Playwright load their hundred
// files before any check (0.7 s of a 4 s run).
const projectTests = [
  { name: "unit", testDir: "tests/unit", timeout: 30_000 },
  { name: "integration", testDir: "tests/integration", testIgnore: "judge.spec.ts", timeout: 30_000 },
  // The judge saturates every core for minutes; after the others, so that no test that bounds its own time
  // (a run against a hung target, say) measures the judge's load instead of the suite.
  {
    name: "judge",
    testDir: "tests/integration",
    testMatch: "judge.spec.ts",
    timeout: 30_000,
    dependencies: ["unit", "integration"],
  },
];

export default defineConfig({
  globalSetup: "./src/suite/global-setup.ts",
  // API tests only: no browser is launched, so none is installed.
  fullyParallel: true,
  // A worker runs one check at a time: against a remote target, the workers are what keeps requests in flight.
  workers: external ? settings.concurrency : suiteWorkers,
  retries: 0,
  forbidOnly: ci,
  // Room for the client's three waits of at most CONFORMANCE_MAX_RETRY_AFTER_SECONDS after a 429, and for
  // a test's requests (fewer than ten) each taking its whole time-out: a slow target is reported with the
  // time each request waited, not with a test time-out.
  timeout: 30_000 + 3 * (settings.maxRetryAfterSeconds + 1) * 1000 + 10 * settings.requestTimeoutMs,
  reportSlowTests: null,
  outputDir: path.join(reports, "test-results"),
  reporter: [
    [ci ? "dot" : "list"],
    ["./src/reporting/conformance-reporter.ts", { outputDir: reports }],
    ["junit", { outputFile: path.join(reports, "junit.xml"), embedAnnotationsAsProperties: true }],
    ["html", { outputFolder: path.join(reports, "html"), open: "never" }],
    ["allure-playwright", { resultsDir: path.join(reports, "allure-results"), detail: false, suiteTitle: false }],
    ["json", { outputFile: path.join(reports, "playwright.json") }],
    // A shard also writes blob-report/, for `npm run merge`.
    ...blobReporterWhenSharded(process.argv, reports),
  ],
  use: { trace: "off" },
  projects: [...(runsTheSuiteAlone() ? [] : projectTests), conformanceProject, ...(external ? [rateLimitProject] : [])],
});
