/**
 * The suite's shared fixtures: the run's target, API clients wired to the
 * response observer, per-test provisioning with clean-up, and `verify`, which
 * attributes an assertion to one requirement of the catalog.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { stripVTControlCharacters } from "node:util";
import { _baseTest as base, expect, type PlaywrightWorkerOptions, type TestInfo } from "@playwright/test";
import { operations } from "../../generated/operations";
import type { RequirementId } from "../../generated/requirements";
import { observedBy, observedTag } from "../catalog/observed";
import { createObserver } from "../checks/observer";
import { ApiClient, type ApiClientOptions } from "../client/api-client";
import type { Exchange } from "../client/exchange";
import { UnansweredRequests } from "../client/unanswered";
import { InfrastructureError } from "../core/errors";
import { readRunContext, type RunContext } from "../settings/run-context";
import { tokenSource } from "../auth/token-source";
import { startWorkerTarget, type WorkerTarget, type WorkerTargetSpec } from "./worker-target";
import { ManifestData } from "../provisioning/manifest-data";
import { Provisioner } from "../provisioning/provisioner";
import { GroupLedger } from "../provisioning/group-ledger";
import { labelForAllure } from "../reporting/allure/allure-labels";
import { FindingRecorder } from "../verdict/recorder";
import { reattributedFailureMarker } from "../verdict/observer-failure";
import { requirementLevel } from "../verdict/requirement-level";
import { IsolatedTestData } from "./isolated-test-data";
import { remoteGate } from "./request-gate";
import { groupJournal } from "./run-resources";
import { acquireStateLock } from "./state-lock";
import { membershipEndedUnaddressed, RequestLog, UnexplainedChange } from "./unexplained-change";
import { redact } from "../core/secrets";
import { exchangeLog } from "./exchange-log";

export type Verify = (id: RequirementId, check: () => Promise<void> | void) => Promise<void>;

/** The options a Playwright config may set per project. */
export type SuiteWorkerOptions = Pick<WorkerFixtures, "workerTarget">;

interface WorkerFixtures {
  /** Playwright's trace mode (--trace): the test's own trace, its steps and output; there is no browser to trace. */
  trace: PlaywrightWorkerOptions["trace"];
  /** Set per project by a Playwright config: each worker starts this target instead of using the run's. */
  workerTarget: WorkerTargetSpec | undefined;
  /** The run's target (resolved by the global setup), or the worker's own. */
  target: Pick<WorkerTarget, "run" | "testEnded">;
  run: RunContext;
  /** Admin client that observes only the provisioning contract. */
  setupApi: ApiClient;
  /** The role of the memberships the suite provisions: the run's, or this worker's on a target of its own. */
  roleId: string;
  /** The groups this worker's tests created, deleted when the worker ends. */
  groupLedger: GroupLedger;
}

interface TestFixtures {
  findings: FindingRecorder;
  /** Admin client whose every response of the operation under test is judged. */
  api: ApiClient;
  /** The groups the test works with: created by the suite, or offered by the manifest. */
  provision: IsolatedTestData;
  verify: Verify;
  /**
   * Runs a part of a check that reads the target's state back (a lookup after
   * the request), or, where the state cannot be read (manifest fixtures),
   * records that this part of `id` went unchecked, for the verdict's reason.
   */
  readBack: (id: RequirementId, what: string, check: () => Promise<void>) => Promise<void>;
  /** An id the target does not know: the manifest's, or a random GUID. */
  unknownId: (kind: "itwin" | "group") => string;
  /** The requests of the operation under test this test sent, by any identity. */
  requests: RequestLog;
  /**
   * Asserts, inside a check, that the group is still a member. A membership
   * that ended though no request of this test addressed it is not the
   * check's finding: it is REMOVE-OTHERS-KEPT's, whichever test sees it.
   */
  expectKept: (groupId: string, message: string) => Promise<void>;
  /** Asserts, inside a check, that the group is no longer a member, as the admin reads it back. */
  expectGone: (groupId: string, message: string) => Promise<void>;
}

// Playwright's root test type, without its browser fixtures: the checks speak HTTP through ApiClient, and those
// fixtures (about thirty, set up and torn down around every test, each a step whose stack Playwright captures) were
// a fifth of a worker's CPU. Playwright reads the trace mode from the `trace` option, declared here as it declares it.
export const test = base.extend<TestFixtures, WorkerFixtures>({
  trace: ["off", { scope: "worker", option: true, box: true }],
  workerTarget: [undefined, { scope: "worker", option: true }],

  target: [
    async ({ workerTarget }, use, workerInfo) => {
      if (!workerTarget) {
        return use({ run: readRunContext() });
      }
      const target = await startWorkerTarget(workerTarget, workerInfo);
      try {
        await use(target);
      } finally {
        await target.close();
      }
    },
    { scope: "worker" },
  ],

  run: [async ({ target }, use) => use(target.run), { scope: "worker" }],

  setupApi: [
    async ({ run }, use) => {
      await use(
        new ApiClient({
          baseUrl: run.baseUrl,
          token: tokenSource(run.adminToken, run.adminGrant, run.settings.requestTimeoutMs),
          timeoutMs: run.settings.requestTimeoutMs,
          retry: { maxRetries: 3, maxWaitSeconds: run.settings.maxRetryAfterSeconds },
          observe: createObserver(undefined),
          credentialSetting: "CONFORMANCE_TOKEN",
          log: exchangeLog(),
          unanswered: run.runDir
            ? new UnansweredRequests(
                path.join(run.runDir, "unanswered"),
                Math.min(5 * run.settings.requestTimeoutMs, 60_000),
              )
            : undefined,
          gate: run.requestGateUrl ? remoteGate(run.requestGateUrl) : undefined,
        }),
      );
    },
    { scope: "worker" },
  ],

  roleId: [
    async ({ setupApi, run }, use, workerInfo) => {
      // A manifest's groups are members already; nothing is created on such a target.
      if (run.settings.fixtures === "manifest") return use("");
      if (run.roleId) return use(run.roleId);
      const provisioner = new Provisioner(setupApi, run.itwinId, run.namePrefix, new GroupLedger());
      const roleId = await provisioner.createRole(`role of worker ${workerInfo.workerIndex}`);
      try {
        await use(roleId);
      } finally {
        await provisioner.deleteRole(roleId);
      }
    },
    { scope: "worker" },
  ],

  // After its groups are gone, the worker's own role can go: hence the dependency on roleId.
  groupLedger: [
    async ({ setupApi, run, roleId: _ }, use) => {
      // A run with a folder deletes every worker's groups at its end; a worker of a run without one, at its own.
      const journal = groupJournal(run);
      const ledger = new GroupLedger(journal);
      await use(ledger);
      if (journal || ledger.isEmpty) return;
      // Deleting a group ends its membership first: no test may be watching one meanwhile.
      const release = run.stateLockUrl ? await acquireStateLock(run.stateLockUrl, "exclusive") : undefined;
      try {
        await ledger.cleanUp(setupApi, run.itwinId, run.settings.concurrency);
      } finally {
        release?.();
      }
    },
    { scope: "worker" },
  ],

  findings: async ({ target, run }, use, testInfo) => {
    const recorder = new FindingRecorder(testInfo, run.baseUrl);
    await use(recorder);
    try {
      recorder.finish();
    } catch (violations) {
      target.testEnded?.(testInfo, true);
      throw violations;
    } finally {
      labelForAllure(testInfo, recorder.grade?.labels ?? []);
    }
    if (testInfo.status === "failed") target.testEnded?.(testInfo, true);
  },

  requests: async ({}, use) => use(new RequestLog()),

  api: async ({ setupApi, findings, requests }, use, testInfo) => {
    const judge = createObserver(findings);
    const observe = (exchange: Exchange) => {
      if (operations[exchange.operationId].underTest) requests.record(exchange);
      judge(exchange);
    };
    await use(setupApi.with({ observe, onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }));
  },

  provision: async ({ setupApi, run, roleId, groupLedger }, use, testInfo) => {
    const data =
      run.settings.fixtures === "manifest"
        ? new ManifestData(run.manifest!, run.runDir!, (reason) => testInfo.skip(true, reason) as never)
        : new Provisioner(
            setupApi.with({ onWaitTooLong: skipWhenAskedToWaitTooLong(testInfo) }),
            run.itwinId,
            run.namePrefix,
            groupLedger,
            roleId,
          );
    const isolated = new IsolatedTestData(data, run.stateLockUrl);
    try {
      await use(isolated);
    } finally {
      await isolated.cleanUp();
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
            // The target, a provisioning call or a token endpoint failing is not a finding about this requirement.
            if (error instanceof InfrastructureError) throw error;
            if (error instanceof UnexplainedChange) {
              const message = redact(error.message);
              findings.violation(error.requirement, message);
              if (requirementLevel(error.requirement) !== "MUST") return;
              // The finding is recorded above; the error only stops the test, and names whose finding it is.
              // eslint-disable-next-line preserve-caught-error
              throw new Error(`${reattributedFailureMarker} ${error.requirement}: ${message}`);
            }
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

  expectKept: async ({ provision, requests }, use) => {
    await use(async (groupId, message) => {
      if (await provision.isMember(groupId)) return;
      if (!requests.addressed(groupId)) {
        throw new UnexplainedChange(
          membershipEndedUnaddressed,
          `the membership of group ${groupId} ended, though no request of this test addressed it (${message})`,
        );
      }
      expect(false, message).toBe(true);
    });
  },

  expectGone: async ({ provision }, use) => {
    await use(async (groupId, message) => {
      expect(await provision.isMember(groupId), message).toBe(false);
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

/** A Retry-After longer than the suite may wait leaves the test unchecked, not failed. */
function skipWhenAskedToWaitTooLong(testInfo: TestInfo): ApiClientOptions["onWaitTooLong"] {
  return (seconds, limit) =>
    testInfo.skip(
      true,
      `the target asked to wait ${seconds} s (Retry-After), more than CONFORMANCE_MAX_RETRY_AFTER_SECONDS (${limit} s)`,
    );
}

/**
 * A Playwright tag for each requirement a test checks, and one for each
 * observer requirement its responses are judged against (src/catalog/observed.ts):
 * `--grep @ERROR-SCHEMA` selects both kinds. Only the first kind is the test's
 * own to pass or fail; the verdict ignores the `(observed)` form.
 */
export function tags(...ids: RequirementId[]): { tag: string[] } {
  return { tag: [...ids.map((id) => `@${id}`), ...observedBy(ids).map(observedTag)] };
}
