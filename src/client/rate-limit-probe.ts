import { randomUUID } from "node:crypto";
import type { ApiClient } from "./api-client";
import type { Exchange } from "./exchange";

/** Requests in flight at once while probing. */
export const probeConcurrency = 25;

export interface ProbeResult {
  /** The first answer that says the target is throttling (see isThrottling), if one came within the budget. */
  limited?: Exchange;
  sent: number;
}

/**
 * An answer that says "too many requests", whatever its status: a 429, or
 * anything with Retry-After (a 503 with it, say). The probe stops at the
 * first, so a target that throttles with the wrong status is judged on that
 * answer rather than probed on until the budget runs out. A bare 503 is a
 * gateway's hiccup, left to DOCUMENTED-STATUS.
 */
export function isThrottling(answer: { status: number; headers: Record<string, string> }): boolean {
  return answer.status === 429 || answer.headers["retry-after"] !== undefined;
}

/**
 * Drives the target to its rate limit with harmless requests: removals of
 * random group ids that no iTwin has, sent in concurrent batches so that a
 * per-second limit is reached even over a slow link. Never sends more than
 * `budget` requests, and stops at the first answer that throttles.
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
    const responses = await Promise.all(Array.from({ length: batch }, () => harmlessRemoval(api, options.itwinId)));
    const limited = responses.find(isThrottling);
    if (limited) return { limited, sent };
  }
  return { sent };
}

/** A removal that cannot remove anything: the group id is new. */
export function harmlessRemoval(api: ApiClient, itwinId: string): Promise<Exchange> {
  return api.send("removeItwinGroupMember", { params: { id: itwinId, groupId: randomUUID() }, honourRateLimit: false });
}
