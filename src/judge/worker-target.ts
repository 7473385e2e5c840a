import type { TestInfo, WorkerInfo } from "@playwright/test";
import { ConfigError } from "../core/errors";
import { parseRunContext, type RunContext } from "../settings/run-context";
import type { WorkerTarget } from "../suite/worker-target";
import { judgeTargetVariable } from "./global-setup";

/** The module the judge's projects name as their worker target (tests/judge/judge.config.ts). */
export const judgeWorkerTargetModule = __filename;

/** The project's reference service, which the judge's global setup started for all of the project's workers. */
export async function startWorkerTarget(_options: unknown, workerInfo: WorkerInfo): Promise<WorkerTarget> {
  const published = process.env[judgeTargetVariable(workerInfo.project.name)];
  if (!published) throw new ConfigError(`the judge started no target for the project ${workerInfo.project.name}`);
  const run = parseRunContext(published) as RunContext;
  return {
    run,
    testEnded: (testInfo, failing) => {
      if (failing) judgedAsAResult(testInfo);
    },
    close: async () => {},
  };
}

/**
 * In the judge a failed check is a result to judge, not a defect of the run.
 * Playwright restarts a worker after every unexpected failure; against a
 * mutant most failures are the point. Marked expected, they leave the worker
 * running. The judge reads the findings, not the expectation.
 */
function judgedAsAResult(testInfo: TestInfo): void {
  testInfo.fail(true, "the judge expects some checks to fail against mutants");
}
