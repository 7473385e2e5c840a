import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { registerSecret } from "../core/secrets";
import { startEmbeddedTarget } from "../reference-service/embedded-target";
import { contextSecrets, newRunIdentity, type RunContext } from "../settings/run-context";
import { readSettings } from "../settings/settings";
import { explorationEnvironment, resolveExploreSeed } from "../exploration/settings";
import { startStateLock } from "../suite/state-lock";
import { deviationUsageFilePrefix, type JudgedRun } from "./instances";

/**
 * The variable that hands a project of the judge its target's run context.
 * One per project: all of them in one variable would outgrow what a process
 * may be started with.
 */
export function judgeTargetVariable(projectName: string): string {
  return `JUDGE_TARGET_${projectName.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}`;
}

/**
 * One reference service per project of the judge, with the instance's
 * deviations, shared by the project's workers as a real target is shared by
 * a run's: the suite meets each mutant under its own parallelism, with its
 * state lock. When the run ends, each service's deviation usage is left in
 * its project's output directory for the judge's reporter.
 */
export default async function judgeGlobalSetup(config: FullConfig): Promise<() => Promise<void>> {
  // The suite's defaults, but for the exploration's settings: the judge may run with the exploration off.
  const settings = readSettings(explorationEnvironment(process.env));
  const started = await Promise.all(
    config.projects
      .filter((project) => project.metadata?.judge)
      .map(async (project) => {
        const { instance } = project.metadata.judge as JudgedRun;
        const { service, ...target } = await startEmbeddedTarget({ deviations: instance.deviations });
        const lock = await startStateLock();
        for (const secret of contextSecrets(target)) registerSecret(secret);
        const run: RunContext = {
          ...newRunIdentity(),
          ...target,
          embedded: true,
          stateLockUrl: lock.url,
          settings,
          exploration: { requests: settings.exploreRequests, seed: resolveExploreSeed(settings.exploreSeed) },
        };
        return { project, service, lock, run };
      }),
  );
  for (const { project, run } of started) process.env[judgeTargetVariable(project.name)] = JSON.stringify(run);
  return async () => {
    for (const { project, service, lock } of started) {
      // The reporter tells a deviation that changed answers from one that was merely switched on.
      mkdirSync(project.outputDir, { recursive: true });
      writeFileSync(
        path.join(project.outputDir, `${deviationUsageFilePrefix}service.json`),
        JSON.stringify(service.deviations.usage()),
      );
      await Promise.all([service.close(), lock.close()]);
    }
  };
}
