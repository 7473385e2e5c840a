import { decodeAnnotations } from "./annotation-codec";
import type { Evidence } from "./evidence";
import type { Level, Verdict } from "./finding";
import { isObserverFailure } from "./observer-failure";
import type { TestOutcome } from "./outcomes";

export interface CheckResult {
  id: string;
  title: string;
  level: Level;
  verdict: Verdict;
  reason: string;
  tests: string[];
  /** Findings that named this requirement; 0 for a fail that only an error or a time-out caused. */
  violations: number;
  /** A response it was judged on: the first of a violation, else the first of a pass; null when no response was judged. */
  evidence: Evidence | null;
}

interface Tally {
  violations: number;
  fails: string[];
  warns: string[];
  passes: number;
  skips: string[];
  tests: Set<string>;
  evidence?: Evidence;
}

/**
 * Turns test outcomes into one verdict per requirement. A violation names its
 * requirement; a test that failed without naming one fails every requirement
 * it is tagged with (a provisioning error or a time-out leaves them unproven).
 * SHOULD failures are "warn"; a requirement nothing exercised is "skip".
 */
export function judge(
  catalog: readonly { id: string; title: string; level: Level }[],
  outcomes: TestOutcome[],
): CheckResult[] {
  const tallies = new Map<string, Tally>(
    catalog.map((r) => [r.id, { violations: 0, fails: [], warns: [], passes: 0, skips: [], tests: new Set() }]),
  );
  const levelOf = new Map(catalog.map((r) => [r.id, r.level]));
  const tally = (id: string) => tallies.get(id);

  for (const outcome of outcomes) {
    const { findings, skipReason } = decodeAnnotations(outcome.annotations);
    const violated = new Set<string>();
    for (const f of findings) {
      if (f.kind !== "violation") continue;
      const t = tally(f.id);
      if (!t) continue;
      violated.add(f.id);
      t.violations += 1;
      t.tests.add(outcome.title);
      const message = `${outcome.title}: ${f.message}`;
      if (levelOf.get(f.id) === "MUST") t.fails.push(message);
      else t.warns.push(message);
    }
    for (const f of findings) {
      const t = f.kind === "held" ? tally(f.id) : undefined;
      if (t && !violated.has(f.id)) {
        t.passes += 1;
        t.tests.add(outcome.title);
      }
    }
    for (const f of findings) if (f.kind === "unchecked") tally(f.id)?.skips.push(`${outcome.title}: ${f.what}`);
    for (const f of findings) {
      if (f.kind !== "evidence") continue;
      const t = tally(f.id);
      if (!t) continue;
      if (!t.evidence || (t.evidence.outcome === "pass" && f.evidence.outcome === "violation"))
        t.evidence = { ...f.evidence, test: outcome.title };
    }
    // A failure is explained when the test's own check named its requirement
    // (verify) or when it is the observer's, whose violations are counted above.
    const ownCheckFailed = outcome.requirements.some((id) => violated.has(id));
    const unexplained = outcome.errors.filter((e) => !isObserverFailure(e));
    for (const id of outcome.requirements) {
      const t = tally(id);
      if (!t || violated.has(id)) continue;
      t.tests.add(outcome.title);
      if (outcome.status === "passed") t.passes += 1;
      else if (outcome.status === "skipped" || outcome.status === "interrupted") {
        t.skips.push(outcome.status === "interrupted" ? "the run was interrupted" : skipReason || "skipped");
      } else if (!ownCheckFailed && (unexplained.length || outcome.status === "timedOut")) {
        const message = `${outcome.title}: ${unexplained[0] ?? `timed out (${outcome.status})`}`;
        if (levelOf.get(id) === "MUST") t.fails.push(message);
        else t.warns.push(message);
      }
    }
  }

  return catalog.map((r) => {
    const t = tallies.get(r.id)!;
    const base = {
      id: r.id,
      title: r.title,
      level: r.level,
      tests: [...t.tests].sort(),
      violations: t.violations,
      evidence: t.evidence ?? null,
    };
    if (t.fails.length) return { ...base, verdict: "fail", reason: t.fails.join("\n") };
    if (t.warns.length) return { ...base, verdict: "warn", reason: t.warns.join("\n") };
    if (t.passes) {
      const skipped = [...new Set(t.skips)];
      return {
        ...base,
        verdict: "pass",
        reason: skipped.length ? `passed what ran; not checked: ${skipped.join("; ")}` : "",
      };
    }
    if (t.skips.length) return { ...base, verdict: "skip", reason: [...new Set(t.skips)].join("; ") };
    return {
      ...base,
      verdict: "skip",
      reason: "nothing in this run exercised it (no test for it ran, or no response it applies to was seen)",
    };
  });
}

export function overallVerdict(checks: CheckResult[]): "pass" | "fail" {
  return checks.some((c) => c.verdict === "fail") ? "fail" : "pass";
}
