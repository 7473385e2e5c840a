import type { TestInfo, WorkerInfo } from "@playwright/test";
import type { RunContext } from "../settings/run-context";

/**
 * A target a worker starts for itself instead of the run's, named per
 * project by a Playwright config (the judge gives each of its projects a
 * reference service with other behaviour). The suite's fixtures know only
 * this shape, never what the target is for.
 */
export interface WorkerTarget {
  run: RunContext;
  /** Called as each test ends; `failing`: the test failed, or is about to fail on its findings. */
  testEnded?(testInfo: TestInfo, failing: boolean): void;
  close(): Promise<void>;
}

/** Where a project's worker target comes from: a module that exports `startWorkerTarget`. */
export interface WorkerTargetSpec {
  /** An absolute path. */
  module: string;
  options?: unknown;
}

export type StartWorkerTarget = (options: unknown, workerInfo: WorkerInfo) => Promise<WorkerTarget>;

export async function startWorkerTarget(spec: WorkerTargetSpec, workerInfo: WorkerInfo): Promise<WorkerTarget> {
  const loaded = (await import(spec.module)) as { startWorkerTarget?: StartWorkerTarget };
  if (typeof loaded.startWorkerTarget !== "function") throw new Error(`${spec.module} exports no startWorkerTarget`);
  return loaded.startWorkerTarget(spec.options, workerInfo);
}
