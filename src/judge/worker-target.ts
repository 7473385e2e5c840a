import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { TestInfo, WorkerInfo } from "@playwright/test";
import { registerSecret } from "../core/secrets";
import type { DeviationName } from "../reference-service/deviations/switchboard";
import { startEmbeddedTarget } from "../reference-service/embedded-target";
import { contextSecrets, newRunIdentity } from "../settings/run-context";
import { readSettings } from "../settings/settings";
import type { WorkerTarget } from "../suite/worker-target";
import { deviationUsageFilePrefix } from "./instances";

/** The module the judge's projects name as their worker target (tests/judge/judge.config.ts). */
export const judgeWorkerTargetModule = __filename;

/**
 * One judged instance, per worker: the reference service in process on a
 * free port, with the instance's deviations switched on.
 */
export async function startWorkerTarget(
  options: { deviations: DeviationName[] },
  workerInfo: WorkerInfo,
): Promise<WorkerTarget> {
  const { service, ...target } = await startEmbeddedTarget({ deviations: options.deviations });
  for (const secret of contextSecrets(target)) registerSecret(secret);
  const { rateLimitBudget, requestTimeoutMs, maxRetryAfterSeconds, fixtures } = readSettings({});
  return {
    run: {
      ...newRunIdentity(),
      ...target,
      embedded: true,
      rateLimitBudget,
      requestTimeoutMs,
      maxRetryAfterSeconds,
      fixtures,
    },
    testEnded: (testInfo, failing) => {
      if (failing) judgedAsAResult(testInfo);
    },
    close: async () => {
      // The judge reads this to tell a deviation that changed answers from one that was merely switched on.
      mkdirSync(workerInfo.project.outputDir, { recursive: true });
      writeFileSync(
        path.join(workerInfo.project.outputDir, `${deviationUsageFilePrefix}${workerInfo.workerIndex}.json`),
        JSON.stringify(service.deviations.usage()),
      );
      await service.close();
    },
  };
}

/**
 * In the judge a failed check is a result to judge, not a defect of the run.
 * Playwright restarts a worker, and with it the worker's service, after every
 * unexpected failure; against a mutant most failures are the point. Marked
 * expected, they leave the worker running. The judge reads the findings, not
 * the expectation.
 */
function judgedAsAResult(testInfo: TestInfo): void {
  testInfo.fail(true, "the judge expects some checks to fail against mutants");
}
