import path from "node:path";
import { defineConfig } from "@playwright/test";
import { judgedRuns, projectName } from "../../src/judge/instances";
import { reportDir } from "../../src/reporting/report-dir";
import { judgeWorkerTargetModule } from "../../src/judge/worker-target";
import type { SuiteWorkerOptions } from "../../src/suite/fixtures";
import { suiteWorkers } from "../../src/suite/parallelism";

// The judge: the conformance suite (tests/conformance) run once per instance
// of specs/mutants.yaml and specs/variants.yaml, plus the plain reference
// service, all in this one Playwright run. Each instance is a project; each of
// its workers starts a reference service of its own, in process on a free
// port, with the instance's deviation switched on (src/judge/worker-target.ts,
// through the suite's workerTarget option). The user's CONFORMANCE_* target plays
// no part. `npm run judge`; `npm test` runs it too (tests/integration/judge.spec.ts).

const output = path.join(reportDir(), "judge");

export default defineConfig<object, SuiteWorkerOptions>({
  testDir: "../conformance",
  // Most of an instance's time is spent waiting out Retry-After, not
  // computing: more workers than cores overlap the waits.
  workers: judgeWorkers(process.env.JUDGE_WORKERS),
  // As the suite runs (playwright.config.ts): its checks in parallel, against one target per project.
  fullyParallel: true,
  globalSetup: "../../src/judge/global-setup.ts",
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  reportSlowTests: null,
  outputDir: path.join(output, "test-results"),
  reporter: [["../../src/judge/reporter.ts", { outputFile: path.join(output, "judge.json") }]],
  use: { trace: "off" },
  projects: judgedRuns.map(({ instance, run }) => ({
    name: projectName(instance, run),
    // Its own folder: the judge reads each instance's deviation usage from there.
    outputDir: path.join(output, "test-results", `${instance.name}${run > 1 ? `-run-${run}` : ""}`),
    // A repeated (stateful) instance meets the suite's default parallelism: the schedule must not change its verdict.
    // The others keep one worker, reused for all files: starting a worker costs more than most tests.
    workers: instance.runs > 1 ? suiteWorkers : 1,
    use: { workerTarget: { module: judgeWorkerTargetModule } },
    metadata: { judge: { instance, run } },
  })),
});

function judgeWorkers(raw: string | undefined): number {
  if (raw === undefined || raw === "") return 8;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    console.error(`JUDGE_WORKERS must be a whole number from 1 to 64, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}
