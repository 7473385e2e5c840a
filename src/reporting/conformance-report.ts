import type { TestOutcome } from "../verdict/outcomes";
import type { CheckResult } from "../verdict/run-verdict";
import type { ExplorationSummary } from "../exploration/findings";

/** reports/conformance.json: the verdict of a run, and what the certificate is rendered from. */
export interface ConformanceReport {
  /**
   * The suite that judged: its package name and version, and its commit (suite-commit.ts): the git HEAD of the
   * clone it ran from ("+dirty" when tracked files differed), else "<version>+sha256:<16 hex>" of its files.
   */
  suite: { name: string; version: string; commit: string };
  /** What was judged, as CONFORMANCE_IMPLEMENTATION_NAME and _VERSION name it; null where unset. */
  implementation: Implementation;
  /** How the run got its test data (CONFORMANCE_FIXTURES); null for a proxy's verdict, which provisions nothing. */
  fixtures: "api" | "manifest" | null;
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
  /** A merge's shards, in order, each with its target's base URL (an embedded service listens anew in each). */
  shards?: ShardTarget[];
  /** The run's id (its objects are named conformance-suite-<runId>); a merge's, its shards' ids joined by "+". */
  runId?: string;
  /** Every test's outcome, for `npm run merge` to judge several shards as one run. */
  outcomes?: (TestOutcome & { testId?: string })[];
  /** Where the verdict comes from: the suite's run (absent), or the traffic a proxy saw (`proxy`). */
  mode?: "proxy";
  /** With mode "proxy": the traffic it saw, and the answers of the spec's other operations that broke it. */
  proxy?: ProxyTraffic;
  /** What the exploration (generated requests and sequences) sent and found; absent when it did not run. */
  exploration?: ExplorationSummary;
}

export interface Implementation {
  name: string | null;
  version: string | null;
}

export interface ShardTarget {
  current: number;
  total: number;
  target: string | null;
}

/** What a proxy (`remove-group-member-conformance proxy`) saw while it ran. */
export interface ProxyTraffic {
  /** The proxy's base URL, where clients sent their requests. */
  listen: string;
  /** Exchanges of the operation under test (and other methods on its URL), and of the spec's other operations. */
  exchanges: { underTest: number; siblings: number };
  /** How many answers of the spec's other operations broke it, and the first of them. */
  siblingViolationCount: number;
  siblingViolations: { operationId: string; method: string; path: string; status: number; problem: string }[];
}
