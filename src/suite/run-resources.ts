import path from "node:path";
import { tokenSource } from "../auth/token-source";
import { createObserver } from "../checks/observer";
import { ApiClient } from "../client/api-client";
import { GroupLedger } from "../provisioning/group-ledger";
import { Provisioner } from "../provisioning/provisioner";
import type { RunContext } from "../settings/run-context";
import { remoteGate } from "./request-gate";
import { exchangeLog } from "./exchange-log";

/** Where the run's workers record the groups they create, for the run's end to delete (GroupLedger). */
export function groupJournal(run: Pick<RunContext, "runDir">): string | undefined {
  return run.runDir ? path.join(run.runDir, "created-groups.log") : undefined;
}

/**
 * What a run creates for all of its workers: the one role every member group
 * it provisions holds, made by the global setup. When the run ends, the groups
 * every worker recorded are deleted, all at once within the run's
 * concurrency and while no test watches a membership, then the role.
 */
export class RunResources {
  private constructor(
    private readonly run: RunContext,
    private readonly api: ApiClient,
    readonly roleId: string,
  ) {}

  static async create(run: RunContext): Promise<RunResources> {
    const api = new ApiClient({
      baseUrl: run.baseUrl,
      token: tokenSource(run.adminToken, run.adminGrant, run.settings.requestTimeoutMs),
      timeoutMs: run.settings.requestTimeoutMs,
      retry: { maxRetries: 3, maxWaitSeconds: run.settings.maxRetryAfterSeconds },
      observe: createObserver(undefined),
      log: exchangeLog(),
      gate: run.requestGateUrl ? remoteGate(run.requestGateUrl) : undefined,
    });
    const provisioner = new Provisioner(api, run.itwinId, run.namePrefix, new GroupLedger());
    return new RunResources(run, api, await provisioner.createRole("role of the run"));
  }

  /** Deletes the workers' groups, then the role; reports everything left behind at once. */
  async delete(): Promise<void> {
    const journal = groupJournal(this.run);
    try {
      if (journal)
        await GroupLedger.fromJournal(journal).cleanUp(this.api, this.run.itwinId, this.run.settings.concurrency);
    } finally {
      await new Provisioner(this.api, this.run.itwinId, this.run.namePrefix, new GroupLedger()).deleteRole(this.roleId);
    }
  }
}
