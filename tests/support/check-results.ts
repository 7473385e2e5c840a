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
