import { preferredEvidence, type Evidence } from "./evidence";
import type { Level, TestFindings, Verdict } from "./finding";
import { testFindingsOf, type TestOutcome } from "./outcomes";
import { combinedVerdict, gradeRequirements, skipNote } from "./rules";

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
  /** With a history (CONFORMANCE_HISTORY): how its verdict compares with the target's last recorded run. */
  change?: "new-failure" | "still-failing" | "fixed" | "unchanged";
  /** With change "still-failing": the ISO 8601 start of the first run of the current failing streak. */
  failingSince?: string;
  /** With a history: its verdict went between failing and not failing at least twice in the last 10 runs. */
  flaky?: boolean;
  /** The finding as one plain sentence (plain-finding.ts), when it failed or warned. */
  summary?: string;
  /** How many times its finding repeated in this run (the entries of `reason`). */
  occurrences?: number;
}

/** What the run's tests said of one requirement. */
interface Tally {
  /** Each test's grade of it. */
  grades: Verdict[];
  /** Why it failed or warned, a line per violation or failed test. */
  reasons: string[];
  /** What of it was not checked, and why. */
  notes: string[];
  violations: number;
  tests: Set<string>;
  evidence?: Evidence;
}

/**
 * The run's verdict per requirement, from each test's grade of it (rules.ts)
 * and the tallies of reasons and evidence: any fail fails it, else any warn
 * warns, else any pass passes it (naming what was not checked), else it is
 * skipped for the reasons given, or because nothing exercised it.
 */
export function verdictPerRequirement(
  catalog: readonly { id: string; title: string; level: Level }[],
  outcomes: readonly TestOutcome[],
): CheckResult[] {
  const tallies = new Map<string, Tally>(
    catalog.map((r) => [r.id, { grades: [], reasons: [], notes: [], violations: 0, tests: new Set() }]),
  );
  const levelOf = new Map(catalog.map((r) => [r.id, r.level]));
  for (const outcome of outcomes) tallyTest(testFindingsOf(outcome), tallies, (id) => levelOf.get(id));
  return catalog.map((r) => checkResult(r, tallies.get(r.id)!));
}

export function overallVerdict(checks: CheckResult[]): "pass" | "fail" {
  return checks.some((c) => c.verdict === "fail") ? "fail" : "pass";
}

function tallyTest(test: TestFindings, tallies: Map<string, Tally>, levelOf: (id: string) => Level | undefined): void {
  const { title, findings, tagged, status } = test;
  const violations = findings.flatMap((f) => (f.kind === "violation" && tallies.has(f.id) ? [f] : []));
  const violated = new Set(violations.map((f) => f.id));
  const held = findings.flatMap((f) => (f.kind === "held" && !violated.has(f.id) ? [f.id] : []));

  for (const { id, message } of violations) {
    const t = tallies.get(id)!;
    t.violations += 1;
    t.reasons.push(`${title}: ${message}`);
  }
  for (const { id, verdict } of gradeRequirements(
    { violated: [...violated], held, tagged, status, failedForOwnReason: test.failure !== undefined },
    levelOf,
  )) {
    const t = tallies.get(id)!;
    t.grades.push(verdict);
    // Without a violation, a fail or a warn is the test's own failure (rules.ts).
    if ((verdict === "fail" || verdict === "warn") && !violated.has(id)) t.reasons.push(`${title}: ${test.failure}`);
  }
  for (const f of findings) if (f.kind === "unchecked") tallies.get(f.id)?.notes.push(`${title}: ${f.what}`);
  const skipped = skipNote(status, test.skipReason);
  for (const id of new Set([...violated, ...held, ...tagged])) {
    const t = tallies.get(id);
    if (!t) continue;
    t.tests.add(title);
    if (skipped && !violated.has(id) && tagged.includes(id)) t.notes.push(skipped);
  }
  for (const f of findings) {
    if (f.kind !== "evidence") continue;
    const t = tallies.get(f.id);
    if (t) t.evidence = preferredEvidence(t.evidence, { ...f.evidence, test: title });
  }
}

function checkResult(requirement: { id: string; title: string; level: Level }, t: Tally): CheckResult {
  const base = {
    id: requirement.id,
    title: requirement.title,
    level: requirement.level,
    tests: [...t.tests].sort(),
    violations: t.violations,
    evidence: t.evidence ?? null,
  };
  const notes = [...new Set(t.notes)];
  switch (combinedVerdict(t.grades) ?? (notes.length ? "skip" : undefined)) {
    case "fail":
      return { ...base, verdict: "fail", reason: t.reasons.join("\n") };
    case "warn":
      return { ...base, verdict: "warn", reason: t.reasons.join("\n") };
    case "pass":
      return {
        ...base,
        verdict: "pass",
        reason: notes.length ? `passed what ran; not checked: ${notes.join("; ")}` : "",
      };
    case "skip":
      return { ...base, verdict: "skip", reason: notes.join("; ") };
    default:
      return {
        ...base,
        verdict: "skip",
        reason: "nothing in this run exercised it (no test for it ran, or no response it applies to was seen)",
      };
  }
}

/** How many requirements got each verdict. */
export function countVerdicts(checks: CheckResult[]): Record<string, number> {
  const counts: Record<string, number> = { pass: 0, fail: 0, warn: 0, skip: 0 };
  for (const c of checks) counts[c.verdict] = (counts[c.verdict] ?? 0) + 1;
  return counts;
}
