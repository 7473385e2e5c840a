/**
 * The suite's shared fixtures: the run's target, API clients wired to the
 * response observer, per-test provisioning with clean-up, and `verify`, which
 * attributes an assertion to one requirement of the catalog.
 */
import { randomUUID } from "node:crypto";
import { stripVTControlCharacters } from "node:util";
import { test as base, expect, type TestInfo } from "@playwright/test";
import type { RequirementId } from "../../generated/requirements";
import { createObserver } from "../../src/checks/observer";
import { ApiClient, TargetUnavailableError, type ApiClientOptions } from "../../src/client/api-client";
import { readRunContext, type RunContext } from "../../src/config/run-context";
import { Provisioner, ProvisioningError } from "../../src/provisioning/provisioner";
import { FindingRecorder, requirementLevel } from "../../src/reporting/findings";
import { redact, registerSecret } from "../../src/reporting/redact";

export type Verify = (id: RequirementId, check: () => Promise<void> | void) => Promise<void>;

interface WorkerFixtures {
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
  provision: Provisioner;
  verify: Verify;
  /** An id no target knows. */
  unknownId: () => string;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  run: [
    async ({}, use) => {
      const run = readRunContext();
      for (const token of [run.adminToken, run.probeToken, run.expiredToken, run.noScopeToken]) registerSecret(token);
      await use(run);
    },
    { scope: "worker" },
  ],

  setupApi: [
    async ({ run }, use) => {
      await use(
        new ApiClient({
          baseUrl: run.baseUrl,
          token: run.adminToken,
          timeoutMs: run.requestTimeoutMs,
          retry: { maxRetries: 3, maxWaitSeconds: run.maxRetryAfterSeconds },
          observe: createObserver(undefined),
        }),
      );
    },
    { scope: "worker" },
  ],

  roleId: [
    async ({ setupApi, run }, use, workerInfo) => {
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

  findings: async ({}, use, testInfo) => {
    const recorder = new FindingRecorder(testInfo);
    await use(recorder);
    recorder.finish();
  },

  api: async ({ setupApi, findings }, use, testInfo) => {
    await use(setupApi.with({ observe: createObserver(findings), onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }));
  },

  provision: async ({ setupApi, run }, use, testInfo) => {
    const provisioner = new Provisioner(setupApi.with({ onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }), run.itwinId, run.namePrefix);
    try {
      await use(provisioner);
    } finally {
      await provisioner.cleanUp();
    }
  },

  verify: async ({ findings }, use) => {
    await use(async (id, check) => {
      await test.step(id, async () => {
        try {
          await check();
          findings.held(id);
        } catch (error) {
          // The target or a provisioning call failing is not a finding about this requirement.
          if (error instanceof ProvisioningError || error instanceof TargetUnavailableError) throw error;
          // Assertion messages quote what the target sent, which may echo a token: only a redacted copy goes on.
          const message = redact(stripVTControlCharacters(error instanceof Error ? error.message : String(error)));
          findings.violation(id, message);
          // No `cause`: it would carry the unredacted message into the reports.
          // eslint-disable-next-line preserve-caught-error
          if (requirementLevel(id) === "MUST") throw new Error(message);
        }
      }, { box: true });
    });
  },

  unknownId: async ({}, use) => {
    await use(() => randomUUID());
  },
});

export { expect };

/** A Retry-After longer than the suite may wait leaves the test unchecked, not failed. */
function skipWhenAskedToWaitTooLong(testInfo: TestInfo): ApiClientOptions["onWaitTooLong"] {
  return (seconds, limit) =>
    testInfo.skip(true, `the target asked to wait ${seconds} s (Retry-After), more than CONFORMANCE_MAX_RETRY_AFTER_SECONDS (${limit} s)`);
}

/** A Playwright tag for each requirement a test checks. */
export function tags(...ids: RequirementId[]): { tag: string[] } {
  return { tag: ids.map((id) => `@${id}`) };
}
