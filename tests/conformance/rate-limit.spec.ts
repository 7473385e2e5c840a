import { parseRetryAfter } from "../../src/core/retry-after";
import { isThrottling, probeConcurrency, probeRateLimit, recoveryWaitSeconds } from "../../src/client/rate-limit-probe";
import { earlyRateLimitRecord } from "../../src/suite/early-rate-limit-probe";
import { expect, tags, test } from "../../src/suite/fixtures";
import { expectErrorCode } from "../../src/suite/responses";

// 429 with Retry-After: the observer checks every 429 the suite sees (its
// Retry-After, its body, its headers); this test provokes one on purpose.

test(
  "past the limit the operation answers 429, and accepts requests again after Retry-After",
  tags("RATE-LIMIT-429", "RATE-LIMIT-RETRY-AFTER", "RATE-LIMIT-RECOVERY", "RATE-LIMIT-HEADERS"),
  async ({ api, run, verify }) => {
    test.skip(
      run.settings.rateLimitBudget === 0,
      "CONFORMANCE_RATE_LIMIT_BUDGET is 0 or unset: set it to the most requests the probe may send to reach the target's limit",
    );
    // A bound, not an estimate: every batch of the probe may take a request time-out, then the wait.
    const batches = Math.ceil(run.settings.rateLimitBudget / probeConcurrency);
    test.setTimeout(
      30_000 +
        batches * run.settings.requestTimeoutMs +
        (run.settings.maxRetryAfterSeconds + 1) * 1000 +
        run.settings.requestTimeoutMs,
    );
    // Begun by the run's setup when the probe has a token of its own; else here. The same token as the admin's:
    // keep the client's token source, which refreshes it.
    const probe = run.probeToken === run.adminToken ? api : api.with({ token: run.probeToken });
    const { sent, answers, limited, recovery } = run.rateLimitProbeUrl
      ? await earlyRateLimitRecord(run.rateLimitProbeUrl)
      : await probeRateLimit(probe.with({ observe: undefined, log: undefined }), {
          itwinId: run.itwinId,
          budget: run.settings.rateLimitBudget,
          maxRetryAfterSeconds: run.settings.maxRetryAfterSeconds,
        });
    // The observer judges the probe's answers as every other answer of the run.
    for (const answer of answers) api.witness(answer);
    test.skip(
      !limited,
      `the target did not throttle within the budget of ${sent} requests (CONFORMANCE_RATE_LIMIT_BUDGET)`,
    );
    await verify("RATE-LIMIT-429", () => {
      expect(
        limited!.status,
        `the target throttled with ${limited!.status}${limited!.headers["retry-after"] ? " and Retry-After" : ""} instead of 429`,
      ).toBe(429);
      expectErrorCode(limited!, "RateLimitExceeded");
    });

    const retryAfter = parseRetryAfter(limited!.headers["retry-after"]);
    test.skip(
      retryAfter.ok && retryAfter.seconds > run.settings.maxRetryAfterSeconds,
      `Retry-After is ${retryAfter.ok ? retryAfter.seconds : "?"} s, longer than CONFORMANCE_MAX_RETRY_AFTER_SECONDS (${run.settings.maxRetryAfterSeconds} s)`,
    );
    if (retryAfter.ok && !recovery) throw new Error("the probe sent no request once Retry-After had passed");
    await verify("RATE-LIMIT-RECOVERY", async () => {
      expect(retryAfter.ok, `there is no Retry-After to wait for: ${retryAfter.ok ? "" : retryAfter.reason}`).toBe(
        true,
      );
      if (!retryAfter.ok || !recovery) return;
      api.witness(recovery);
      const waited = recoveryWaitSeconds(retryAfter.seconds);
      expect(
        isThrottling(recovery),
        `still limited (${recovery.status}) ${waited} s after a Retry-After of ${retryAfter.seconds}`,
      ).toBe(false);
    });
  },
);
