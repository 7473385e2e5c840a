/**
 * The suite's shared fixtures: the run's target, API clients wired to the
 * response observer, per-test provisioning with clean-up, and `verify`, which
 * attributes an assertion to one requirement of the catalog.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { test as base, expect, type TestInfo } from "@playwright/test";
import type { RequirementId } from "../../generated/requirements";
import { createObserver } from "../../src/checks/observer";
import { deviationUsageFilePrefix } from "../../src/judge/instances";
import { ApiClient, TargetUnavailableError, type ApiClientOptions } from "../../src/client/api-client";
import { UnansweredRequests } from "../../src/client/unanswered";
import { contextSecrets, newRunIdentity, readRunContext, type RunContext } from "../../src/config/run-context";
import { TokenRequestError } from "../../src/auth/client-credentials";
import { tokenSource } from "../../src/auth/token-source";
import { readSettings } from "../../src/config/settings";
import type { DeviationName } from "../../src/reference-service/deviations";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { ManifestData } from "../../src/provisioning/manifest-data";
import { Provisioner, ProvisioningError } from "../../src/provisioning/provisioner";
import type { TestData } from "../../src/provisioning/test-data";
import { labelForAllure } from "../../src/reporting/allure-labels";
import { FindingRecorder, requirementLevel } from "../../src/reporting/findings";
import { redact, registerSecret } from "../../src/reporting/redact";

export type Verify = (id: RequirementId, check: () => Promise<void> | void) => Promise<void>;

/** The options a Playwright config may set per project. */
export type SuiteWorkerOptions = Pick<WorkerFixtures, "referenceDeviations">;

interface WorkerFixtures {
  /**
   * Set per project by the judge (tests/judge/judge.config.ts): the worker
   * runs against a reference service of its own, in process on a free port,
   * with these deviations switched on, instead of the run's target.
   */
  referenceDeviations: DeviationName[] | undefined;
  run: RunContext;
  /** Admin client that observes only the provisioning contract. */
  setupApi: ApiClient;
  /** A role this worker created, for the memberships it provisions. */
  roleId: string;
}

interface TestFixtures {
  findings: FindingRecorder;
  /** Admin client whose every response of the operation under test is judged. */
  api: ApiClient;
  /** The groups the test works with: created by the suite, or offered by the manifest. */
  provision: TestData;
  verify: Verify;
  /**
   * Runs a part of a check that reads the target's state back (a lookup after
   * the request), or, where the state cannot be read (manifest fixtures),
   * records that this part of `id` went unchecked, for the verdict's reason.
   */
  readBack: (id: RequirementId, what: string, check: () => Promise<void>) => Promise<void>;
  /** An id the target does not know: the manifest's, or a random GUID. */
  unknownId: (kind: "itwin" | "group") => string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  referenceDeviations: [undefined, { scope: "worker", option: true }],

  run: [
    async ({ referenceDeviations }, use, workerInfo) => {
      if (!referenceDeviations) {
        const run = readRunContext();
        for (const secret of contextSecrets(run)) registerSecret(secret);
        return use(run);
      }
      const { service, ...target } = await startEmbeddedTarget({ deviations: referenceDeviations });
      try {
        for (const secret of contextSecrets(target)) registerSecret(secret);
        const defaults = readSettings({});
        await use({
          ...newRunIdentity(),
          ...target,
          embedded: true,
          ...pick(defaults, "rateLimitBudget", "requestTimeoutMs", "maxRetryAfterSeconds", "fixtures"),
        });
      } finally {
        // The judge reads this to tell a deviation that changed answers from one that was merely switched on.
        mkdirSync(workerInfo.project.outputDir, { recursive: true });
        writeFileSync(
          path.join(workerInfo.project.outputDir, `${deviationUsageFilePrefix}${workerInfo.workerIndex}.json`),
          JSON.stringify(service.deviations.usage()),
        );
        await service.close();
      }
    },
    { scope: "worker" },
  ],

  setupApi: [
    async ({ run }, use) => {
      await use(
        new ApiClient({
          baseUrl: run.baseUrl,
          token: tokenSource(run.adminToken, run.adminGrant, run.requestTimeoutMs),
          timeoutMs: run.requestTimeoutMs,
          retry: { maxRetries: 3, maxWaitSeconds: run.maxRetryAfterSeconds },
          observe: createObserver(undefined),
          unanswered: run.runDir
            ? new UnansweredRequests(path.join(run.runDir, "unanswered"), Math.min(5 * run.requestTimeoutMs, 60_000))
            : undefined,
        }),
      );
    },
    { scope: "worker" },
  ],

  roleId: [
    async ({ setupApi, run }, use, workerInfo) => {
      // A manifest's groups are members already; nothing is created on such a target.
      if (run.fixtures === "manifest") return use("");
      const provisioner = new Provisioner(setupApi, run.itwinId, run.namePrefix);
      const roleId = await provisioner.createRole(`role of worker ${workerInfo.workerIndex}`);
      try {
        await use(roleId);
      } finally {
        await provisioner.deleteRole(roleId);
      }
    },
    { scope: "worker" },
  ],

  findings: async ({ referenceDeviations, run }, use, testInfo) => {
    const recorder = new FindingRecorder(testInfo, run.baseUrl);
    await use(recorder);
    try {
      recorder.finish();
    } catch (violations) {
      if (referenceDeviations) judgedAsAResult(testInfo);
      throw violations;
    } finally {
      labelForAllure(testInfo, recorder.grade?.labels ?? []);
    }
    if (referenceDeviations && testInfo.status === "failed") judgedAsAResult(testInfo);
  },

  api: async ({ setupApi, findings }, use, testInfo) => {
    await use(
      setupApi.with({ observe: createObserver(findings), onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }),
    );
  },

  provision: async ({ setupApi, run, roleId }, use, testInfo) => {
    if (run.fixtures === "manifest") {
      return use(new ManifestData(run.manifest!, run.runDir!, (reason) => testInfo.skip(true, reason) as never));
    }
    const provisioner = new Provisioner(
      setupApi.with({ onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }),
      run.itwinId,
      run.namePrefix,
      roleId,
    );
    try {
      await use(provisioner);
    } finally {
      await provisioner.cleanUp();
    }
  },

  verify: async ({ findings }, use) => {
    await use(async (id, check) => {
      await test.step(
        id,
        async () => {
          try {
            await check();
            findings.held(id);
          } catch (error) {
            // The target or a provisioning call failing is not a finding about this requirement.
            // Nor is a token endpoint that stopped giving tokens mid-run.
            if (
              error instanceof ProvisioningError ||
              error instanceof TargetUnavailableError ||
              error instanceof TokenRequestError
            )
              throw error;
            // Assertion messages quote what the target sent, which may echo a token: only a redacted copy goes on.
            const message = redact(stripVTControlCharacters(error instanceof Error ? error.message : String(error)));
            findings.violation(id, message);
            // No `cause`: it would carry the unredacted message into the reports.
            // eslint-disable-next-line preserve-caught-error
            if (requirementLevel(id) === "MUST") throw new Error(message);
          }
        },
        { box: true },
      );
    });
  },

  readBack: async ({ provision, findings }, use) => {
    await use(async (id, what, check) => {
      if (provision.readsState) return check();
      findings.unchecked(id, `${what} (CONFORMANCE_FIXTURES=manifest reads no state back)`);
    });
  },

  unknownId: async ({ run }, use) => {
    const offered = { itwin: run.manifest?.unknownItwinIds ?? [], group: run.manifest?.unknownGroupIds ?? [] };
    let next = 0;
    await use((kind) => {
      const ids = offered[kind];
      return ids.length ? ids[next++ % ids.length]! : randomUUID();
    });
  },
});

export { expect };

function pick<T, K extends keyof T>(from: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, from[k]])) as Pick<T, K>;
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

/** A Retry-After longer than the suite may wait leaves the test unchecked, not failed. */
function skipWhenAskedToWaitTooLong(testInfo: TestInfo): ApiClientOptions["onWaitTooLong"] {
  return (seconds, limit) =>
    testInfo.skip(
      true,
      `the target asked to wait ${seconds} s (Retry-After), more than CONFORMANCE_MAX_RETRY_AFTER_SECONDS (${limit} s)`,
    );
}

/** A Playwright tag for each requirement a test checks. */
export function tags(...ids: RequirementId[]): { tag: string[] } {
  return { tag: ids.map((id) => `@${id}`) };
}
