import { requirements } from "../../../generated/requirements";
import { combineSummaries } from "../../exploration/findings";
import type { Level } from "../../verdict/finding";
import { summarized } from "../../verdict/plain-finding";
import { countVerdicts, overallVerdict, verdictPerRequirement } from "../../verdict/run-verdict";
import type { ConformanceReport } from "../conformance-report";
import type { ShardReport } from "./merge-input";

/** Playwright's run statuses, the worst first: the merged run has its shards' worst. */
const statusOrder = ["interrupted", "timedout", "failed", "passed"];

/**
 * One report for the shards of a run (checked by shardProblem): every test
 * outcome of every shard judged together, as one unsharded run judges them,
 * and the run's facts summed up. It fails as a run would: an interrupted
 * shard or an error outside the checks fails it.
 */
export function mergedReport(
  shards: readonly ShardReport[],
  catalog: readonly { id: string; title: string; level: Level }[] = requirements,
): ConformanceReport {
  const ordered = [...shards].sort((a, b) => (a.report.shard?.current ?? 1) - (b.report.shard?.current ?? 1));
  const reports = ordered.map((s) => s.report);
  const first = reports[0]!;
  const outcomes = onePerTest(reports.flatMap((r) => r.outcomes ?? []));
  const checks = summarized(verdictPerRequirement(catalog, outcomes), first.target.baseUrl);
  const runErrors = reports.flatMap((r) =>
    r.runErrors.map((e) => (r.shard ? `shard ${r.shard.current}/${r.shard.total}: ${e}` : e)),
  );
  const runStatus = statusOrder.find((s) => reports.some((r) => r.runStatus === s)) ?? first.runStatus;
  const started = Math.min(...reports.map((r) => Date.parse(r.startedAt)));
  const ended = Math.max(...reports.map((r) => Date.parse(r.startedAt) + r.durationMs));
  const traffic = reports.every((r) => r.traffic)
    ? {
        probeRequests: sum(reports.map((r) => r.traffic!.probeRequests)),
        throttled: sum(reports.map((r) => r.traffic!.throttled)),
        // Shards run apart, on their own gates: the most any one of them had in flight.
        mostInFlight: Math.max(...reports.map((r) => r.traffic!.mostInFlight)),
      }
    : null;
  // The exploration runs in the shard that holds its test; a shard without it adds nothing.
  const exploration = combineSummaries(reports.flatMap((r) => (r.exploration ? [r.exploration] : [])));
  return {
    suite: first.suite,
    // The shards agree on these (shardProblem); a shard of an older suite may lack them.
    implementation: first.implementation ?? { name: null, version: null },
    fixtures: first.fixtures ?? null,
    verdict: runStatus === "interrupted" || runErrors.length ? "fail" : overallVerdict(checks),
    operation: first.operation,
    target: first.target,
    spec: first.spec,
    startedAt: new Date(started).toISOString(),
    durationMs: ended - started,
    requests: reports.every((r) => r.requests !== null) ? sum(reports.map((r) => r.requests!)) : null,
    traffic,
    runStatus,
    summary: countVerdicts(checks),
    runErrors,
    checks,
    shard: null,
    shards: reports.map((r) => ({
      current: r.shard?.current ?? 1,
      total: r.shard?.total ?? 1,
      target: r.target.baseUrl,
    })),
    runId: reports.flatMap((r) => (r.runId ? [r.runId] : [])).join("+"),
    outcomes,
    ...(exploration ? { exploration } : {}),
  };
}

type Outcome = NonNullable<ConformanceReport["outcomes"]>[number];

/**
 * A test that ran in several shards (a teardown project runs in every one:
 * the rate-limit check against an external target) counts once, as in one
 * run: its first outcome that was not skipped (the shards without a budget
 * skip it), else its first.
 */
function onePerTest(outcomes: Outcome[]): Outcome[] {
  const kept = new Map<string, Outcome>();
  const once: Outcome[] = [];
  for (const outcome of outcomes) {
    if (outcome.testId === undefined) {
      once.push(outcome);
      continue;
    }
    const earlier = kept.get(outcome.testId);
    if (earlier === undefined) {
      kept.set(outcome.testId, outcome);
      once.push(outcome);
    } else if (earlier.status === "skipped" && outcome.status !== "skipped") {
      once[once.indexOf(earlier)] = outcome;
      kept.set(outcome.testId, outcome);
    }
  }
  return once;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
