import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import { registerSecret } from "../core/secrets";
import { startEmbeddedTarget } from "../reference-service/embedded-target";
import { contextSecrets, newRunIdentity, type RunContext } from "../settings/run-context";
import { readSettings } from "../settings/settings";
import { explorationEnvironment, resolveExploreSeed } from "../exploration/settings";
import { startStateLock } from "../suite/state-lock";
import { beginRateLimitProbe } from "../suite/early-rate-limit-probe";
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
        // As the suite's setup does (src/suite/global-setup.ts), so that the judge meets the path users run; but when
        // the check asks, since a project's checks start only when a worker is free, and this process is busiest
        // while the run starts.
        const probe = await beginRateLimitProbe(run, { when: "when asked" });
        run.rateLimitProbeUrl = probe?.url;
        return { project, service, lock, probe, run };
      }),
  );
  for (const { project, run } of started) process.env[judgeTargetVariable(project.name)] = JSON.stringify(run);
  return async () => {
    for (const { project, service, lock, probe } of started) {
      // The reporter tells a deviation that changed answers from one that was merely switched on.
      mkdirSync(project.outputDir, { recursive: true });
      writeFileSync(
        path.join(project.outputDir, `${deviationUsageFilePrefix}service.json`),
        JSON.stringify(service.deviations.usage()),
      );
      await Promise.all([service.close(), lock.close(), probe?.close()]);
    }
  };
}
