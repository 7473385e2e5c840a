import { readFileSync } from "node:fs";
import path from "node:path";
import { operations } from "../../generated/operations";
import type { RequirementId } from "../../generated/requirements";
import type { Requirement } from "../catalog/requirements";
import type { ConformanceReport, Implementation } from "../reporting/conformance-report";
import { suiteCommit } from "../reporting/suite-commit";
import { encodeFindings } from "../verdict/annotation-codec";
import { summarized } from "../verdict/plain-finding";
import { countVerdicts, overallVerdict, verdictPerRequirement } from "../verdict/run-verdict";
import { repoRoot, specPath, specSha256 } from "../validation/spec";
import { notObservedReason } from "./not-observed";
import type { ProxyObserver } from "./proxy-observer";

/** The one "test" of a proxy's verdict: the traffic it saw, whoever sent it. */
export const proxiedTrafficTitle = "proxied traffic";

export interface ProxyRun {
  target: string;
  listen: string;
  startedAt: Date;
  requests: number;
  /** The iTwin the traffic named most (traffic-itwin.ts), or null. */
  itwinId: string | null;
  /** What the traffic's target is, as CONFORMANCE_IMPLEMENTATION_NAME and _VERSION name it. */
  implementation: Implementation;
  /** Answers the proxy could not read, or that never came: each fails the run. */
  runErrors: string[];
}

/**
 * The proxy's verdict as a ConformanceReport, judged by the suite's own
 * rules (run-verdict.ts): the traffic is one test whose findings are the
 * observer's, so each requirement the traffic showed passes, fails or warns
 * as in a run of the suite, with its reasons and evidence; every other
 * requirement of the catalog is skipped, "not observed", with what traffic
 * would have shown it (not-observed.ts).
 */
export function proxyReport(
  catalog: readonly Requirement[],
  observer: ProxyObserver,
  run: ProxyRun,
): ConformanceReport {
  const outcome = {
    title: proxiedTrafficTitle,
    requirements: [],
    status: "passed" as const,
    annotations: encodeFindings(observer.findings()),
    errors: [],
  };
  const judged = verdictPerRequirement(catalog, [outcome]).map((check) => {
    const count = observer.violations.get(check.id)?.count;
    if (check.verdict === "skip") return { ...check, reason: notObservedReason(check.id as RequirementId) };
    return count === undefined ? check : { ...check, violations: count };
  });
  const checks = summarized(judged, run.target);
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const operation = Object.values(operations).find((o) => o.underTest);
  return {
    suite: { name: pkg.name, version: pkg.version, commit: suiteCommit(repoRoot) },
    implementation: run.implementation,
    fixtures: null,
    verdict: run.runErrors.length ? "fail" : overallVerdict(checks),
    operation: operation ? `${operation.method} ${operation.path}` : "",
    target: { baseUrl: run.target, embedded: false, itwinId: run.itwinId },
    spec: { file: path.relative(repoRoot, specPath), sha256: specSha256() },
    startedAt: run.startedAt.toISOString(),
    durationMs: Date.now() - run.startedAt.getTime(),
    requests: run.requests,
    traffic: null,
    runStatus: "passed",
    summary: countVerdicts(checks),
    runErrors: run.runErrors,
    checks,
    shard: null,
    mode: "proxy",
    proxy: {
      listen: run.listen,
      exchanges: { ...observer.exchanges },
      siblingViolationCount: observer.siblingViolationCount,
      siblingViolations: observer.siblingViolations,
    },
  };
}
