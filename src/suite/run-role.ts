import { tokenSource } from "../auth/token-source";
import { createObserver } from "../checks/observer";
import { ApiClient } from "../client/api-client";
import { GroupLedger } from "../provisioning/group-ledger";
import { Provisioner } from "../provisioning/provisioner";
import type { RunContext } from "../settings/run-context";
import { remoteGate } from "./request-gate";

/**
 * The one role of a run, which every member group the suite provisions
 * holds: created once by the global setup instead of once per worker, and
 * deleted when the run ends, after the workers have deleted their groups.
 */
export async function createRunRole(run: RunContext): Promise<{ id: string; delete: () => Promise<void> }> {
  const api = new ApiClient({
    baseUrl: run.baseUrl,
    token: tokenSource(run.adminToken, run.adminGrant, run.requestTimeoutMs),
    timeoutMs: run.requestTimeoutMs,
    retry: { maxRetries: 3, maxWaitSeconds: run.maxRetryAfterSeconds },
    observe: createObserver(undefined),
    gate: run.requestGateUrl ? remoteGate(run.requestGateUrl) : undefined,
  });
  const provisioner = new Provisioner(api, run.itwinId, run.namePrefix, new GroupLedger());
  const id = await provisioner.createRole("role of the run");
  return { id, delete: () => provisioner.deleteRole(id) };
}
