import type { ConformanceReport } from "../../src/reporting/conformance-report";
import type { CheckResult } from "../../src/verdict/run-verdict";

/** A requirement's verdict as the reporter holds it: REMOVE-204 passed, with `over` changed. */
export function checkResult(over: Partial<CheckResult> = {}): CheckResult {
  return {
    id: "REMOVE-204",
    title: "A valid removal answers 204 No Content",
    level: "MUST",
    verdict: "pass",
    reason: "",
    tests: [],
    violations: 0,
    evidence: null,
    ...over,
  };
}

/** A run's conformance.json: a passed run with no checks, with `over` changed. */
export function conformanceReport(over: Partial<ConformanceReport> = {}): ConformanceReport {
  return {
    suite: { name: "suite", version: "0.1.0", commit: "abc123" },
    implementation: { name: null, version: null },
    fixtures: "api",
    verdict: "pass",
    operation: "DELETE /x",
    target: { baseUrl: "https://qa.example/ac", embedded: false, itwinId: "itwin-1" },
    spec: { file: "specs/spec.json", sha256: "aaa" },
    startedAt: "2026-12-02T08:00:00.000Z",
    durationMs: 1000,
    requests: 10,
    traffic: { probeRequests: 0, throttled: 0, mostInFlight: 2 },
    runStatus: "passed",
    summary: {},
    runErrors: [],
    checks: [],
    ...over,
  };
}

/** A shard's conformance.json, as `npm run merge` reads it: shard 1 of 2 of a passed run, with `over` changed. */
export function shardReport(over: Partial<ConformanceReport> = {}): ConformanceReport {
  return conformanceReport({ shard: { current: 1, total: 2 }, runId: "r1", outcomes: [], ...over });
}
