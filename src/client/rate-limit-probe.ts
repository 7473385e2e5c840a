import { randomUUID } from "node:crypto";
import type { ApiClient } from "./api-client";
import type { Exchange } from "./exchange";

/** Requests in flight at once while probing. */
export const probeConcurrency = 25;

export interface ProbeResult {
  /** The first 429, if the target sent one within the budget. */
  limited?: Exchange;
  sent: number;
}

/**
 * Drives the target to its rate limit with harmless requests: removals of
 * random group ids that no iTwin has, sent in concurrent batches so that a
 * per-second limit is reached even over a slow link. Never sends more than
 * `budget` requests, and stops at the first 429.
 */
export async function driveToRateLimit(
  api: ApiClient,
  options: { itwinId: string; budget: number; concurrency?: number },
): Promise<ProbeResult> {
  const concurrency = Math.max(1, options.concurrency ?? probeConcurrency);
  let sent = 0;
  while (sent < options.budget) {
    const batch = Math.min(concurrency, options.budget - sent);
    sent += batch;
    const responses = await Promise.all(
      Array.from({ length: batch }, () => harmlessRemoval(api, options.itwinId)),
    );
    const limited = responses.find((r) => r.status === 429);
    if (limited) return { limited, sent };
  }
  return { sent };
}

/** A removal that cannot remove anything: the group id is new. */
export function harmlessRemoval(api: ApiClient, itwinId: string): Promise<Exchange> {
  return api.send("removeItwinGroupMember", { params: { id: itwinId, groupId: randomUUID() }, honourRateLimit: false });
}
