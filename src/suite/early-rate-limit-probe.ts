import { ApiClient } from "../client/api-client";
import { probeRateLimit, type RateLimitRecord } from "../client/rate-limit-probe";
import { TargetUnavailableError } from "../core/errors";
import { redact } from "../core/secrets";
import type { RunContext } from "../settings/run-context";
import { ask, serveClaims, type ClaimServer } from "./claim-server";
import { remoteGate } from "./request-gate";

/**
 * The rate-limit probe (src/client/rate-limit-probe.ts), begun by the run's
 * setup when it spends a token of its own, which no check shares: its wait
 * for Retry-After then overlaps the start of the workers, most of a run on
 * the embedded service. The rate-limit check judges its record when it runs
 * (tests/conformance/rate-limit.spec.ts); the recovery request still goes as
 * soon as Retry-After and its grace have passed, however late the check
 * starts. Sharing the admin's token, the probe would throttle the checks: it
 * then runs in the check, as the checks' teardown (playwright.config.ts).
 *
 * The setup's process serves the record on loopback (claim-server.ts): a
 * check asks, and is answered once the probe is over. `when asked`: the probe
 * begins with the first question, for a run whose checks start long after
 * its setup (the judge's): the recovery request is only as punctual as the
 * setup's process, busy while a run starts.
 */
export async function beginRateLimitProbe(
  run: RunContext,
  options: { when: "at once" | "when asked" } = { when: "at once" },
): Promise<ClaimServer | undefined> {
  if (run.settings.rateLimitBudget === 0 || run.probeToken === run.adminToken) return undefined;
  let outcome: Promise<string> | undefined;
  const begin = () => (outcome ??= probeOutcome(run));
  if (options.when === "at once") begin();
  return serveClaims((_argument, grant) => {
    void begin().then(grant);
    return { end: () => {} };
  });
}

function probeOutcome(run: RunContext): Promise<string> {
  const api = new ApiClient({
    baseUrl: run.baseUrl,
    token: run.probeToken,
    timeoutMs: run.settings.requestTimeoutMs,
    // The probe takes every 429 as it comes: no retry.
    retry: { maxRetries: 0, maxWaitSeconds: run.settings.maxRetryAfterSeconds },
    gate: run.requestGateUrl ? remoteGate(run.requestGateUrl) : undefined,
  });
  return probeRateLimit(api, {
    itwinId: run.itwinId,
    budget: run.settings.rateLimitBudget,
    maxRetryAfterSeconds: run.settings.maxRetryAfterSeconds,
  })
    .then(
      (record): ProbeOutcome => ({ record }),
      (error: unknown): ProbeOutcome => ({
        problem: {
          unavailable: error instanceof TargetUnavailableError,
          message: redact(error instanceof Error ? error.message : String(error)),
        },
      }),
    )
    .then((answer) => JSON.stringify(answer));
}

type ProbeOutcome = { record: RateLimitRecord } | { problem: { unavailable: boolean; message: string } };

/** The record of the probe the setup began at `url`, once it is over; its failure is thrown as it happened. */
export async function earlyRateLimitRecord(url: string): Promise<RateLimitRecord> {
  const outcome = JSON.parse(await ask(url, "record", "the run's rate-limit probe")) as ProbeOutcome;
  if ("record" in outcome) return outcome.record;
  const { unavailable, message } = outcome.problem;
  throw unavailable ? new TargetUnavailableError(message) : new Error(message);
}
