import type { TestOutcome } from "../verdict/outcomes";
import type { CheckResult } from "../verdict/run-verdict";

/** reports/conformance.json: the verdict of a run, and what the certificate is rendered from. */
export interface ConformanceReport {
  suite: { name: string; version: string };
  verdict: "pass" | "fail";
  /** The operation under test, method and path template. */
  operation: string;
  target: { baseUrl: string | null; embedded: boolean | null; itwinId: string | null };
  spec: { file: string; sha256: string };
  /** ISO 8601 */
  startedAt: string;
  durationMs: number;
  /** Requests the run sent to the target (token requests aside), the rate-limit probe's included; null when unknown. */
  requests: number | null;
  /** More about that traffic: the probe's share, answers of 429 to the other requests, the most in flight at once. */
  traffic: { probeRequests: number; throttled: number; mostInFlight: number } | null;
  /** Playwright's status of the run. */
  runStatus: string;
  summary: Record<string, number>;
  runErrors: string[];
  checks: CheckResult[];
  /** With CONFORMANCE_HISTORY: the runs of this target recorded before this one; null without the setting. */
  history?: { runsKnown: number } | null;
  /** The part of a sharded run (Playwright's --shard) this report judged; null when the run was not sharded. */
  shard?: { current: number; total: number } | null;
  /** The run's id (its objects are named conformance-suite-<runId>); a merge's, its shards' ids joined by "+". */
  runId?: string;
  /** Every test's outcome, for `npm run merge` to judge several shards as one run. */
  outcomes?: (TestOutcome & { testId?: string })[];
}
