import { randomUUID } from "node:crypto";
import { parseRetryAfter } from "../core/retry-after";
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

/** What the probe met, for the rate-limit check to judge: nothing here is judged yet. */
export interface RateLimitRecord {
  sent: number;
  /** The probe's answers in the order they came, the recovery's aside. */
  answers: Exchange[];
  /** The first answer that throttled, if one came within the budget. */
  limited?: Exchange;
  /** The request sent once the limited answer's Retry-After (plus a second of grace) had passed, when there was one to wait for. */
  recovery?: Exchange;
}

export interface ProbeOptions {
  itwinId: string;
  budget: number;
  /** A longer Retry-After is not waited out: there is no recovery request. */
  maxRetryAfterSeconds: number;
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The whole probe of RATE-LIMIT-*: drives the target to its limit, then
 * waits the Retry-After it was given plus the second of grace that
 * RATE-LIMIT-RECOVERY allows, and sends one more harmless request. The
 * client given should not judge: the check judges the record, wherever the
 * probe ran (src/suite/early-rate-limit-probe.ts).
 */
export async function probeRateLimit(api: ApiClient, options: ProbeOptions): Promise<RateLimitRecord> {
  const answers: Exchange[] = [];
  const recording = api.with({ observe: (exchange) => answers.push(exchange) });
  const { limited, sent } = await driveToRateLimit(recording, options);
  const record: RateLimitRecord = { sent, answers, limited };
  const retryAfter = parseRetryAfter(limited?.headers["retry-after"]);
  if (!limited || !retryAfter.ok || retryAfter.seconds > options.maxRetryAfterSeconds) return record;
  await (options.sleep ?? defaultSleep)(recoveryWaitSeconds(retryAfter.seconds) * 1000);
  record.recovery = await harmlessRemoval(api, options.itwinId);
  return record;
}

/** How long the probe waits after a Retry-After of `seconds` before it expects to be served again. */
export function recoveryWaitSeconds(seconds: number): number {
  return seconds + 1;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A removal that cannot remove anything: the group id is new. */
export function harmlessRemoval(api: ApiClient, itwinId: string): Promise<Exchange> {
  return api.send("removeItwinGroupMember", { params: { id: itwinId, groupId: randomUUID() }, honourRateLimit: false });
}
