import type { Level, RequirementGrade, TestStatus, Verdict } from "./finding";

/**
 * The verdict rules, in one place: one test's grade of each requirement (what
 * the test's annotations and Allure labels show) and the run's verdict per
 * requirement (conformance.json, the certificate, the judge) both come from
 * here, so a test's grade is the verdict a run of that test alone would give.
 */

/** What the rules need to know of one test. */
export interface TestFacts {
  /** Requirements the test found violated (a violation wins over a hold). */
  violated: readonly string[];
  /** Requirements the test checked and found to hold. */
  held: readonly string[];
  /** Requirements the test is tagged with (without the @). */
  tagged: readonly string[];
  status: TestStatus;
  /**
   * Whether a failed or timed-out test failed for a reason of its own (a
   * provisioning error, a time-out), not because of its own check or of the
   * observer's violations.
   */
  failedForOwnReason: boolean;
}

/** A violation fails a MUST and warns a SHOULD. */
export function violationVerdict(level: Level): Verdict {
  return level === "MUST" ? "fail" : "warn";
}

/**
 * One test's verdict on each requirement it judged (those it is tagged with,
 * then those it found violated, then those that held; an id `levelOf` does
 * not know is not graded): a violation fails a MUST and warns a SHOULD; a
 * failure of the test's own fails (warns) the requirements it is tagged with,
 * even one that held before, which it leaves unproven; what held passes; a
 * tagged requirement nothing judged passes with the test and is skipped with
 * it. When the test's own check failed, the tagged requirements it did not
 * reach are not graded, nor are they when only the observer failed the test.
 */
export function gradeRequirements(facts: TestFacts, levelOf: (id: string) => Level | undefined): RequirementGrade[] {
  const violated = new Set(facts.violated.filter((id) => levelOf(id)));
  const held = new Set(facts.held);
  const tagged = new Set(facts.tagged);
  const ownCheckFailed = facts.tagged.some((id) => violated.has(id));
  const failedForOwnReason =
    (facts.status === "failed" || facts.status === "timedOut") && !ownCheckFailed && facts.failedForOwnReason;
  const grades: RequirementGrade[] = [];
  for (const id of new Set([...facts.tagged, ...violated, ...held])) {
    const level = levelOf(id);
    const verdict = level && verdictOf(id, level);
    if (level && verdict) grades.push({ id, level, verdict });
  }
  return grades;

  function verdictOf(id: string, level: Level): Verdict | undefined {
    if (violated.has(id)) return violationVerdict(level);
    if (tagged.has(id) && failedForOwnReason) return violationVerdict(level);
    if (held.has(id)) return "pass";
    if (facts.status === "passed") return "pass";
    if (facts.status === "skipped" || facts.status === "interrupted") return "skip";
    return undefined;
  }
}

/** Why a skipped or interrupted test did not check what it is tagged with. */
export function skipNote(status: TestStatus, skipReason: string | undefined): string | undefined {
  if (status === "interrupted") return "the run was interrupted";
  if (status === "skipped") return skipReason || "skipped";
  return undefined;
}

/** Across tests, one requirement's verdict: any fail, else any warn, else any pass, else any skip. */
export function combinedVerdict(verdicts: Iterable<Verdict>): Verdict | undefined {
  const seen = new Set(verdicts);
  return (["fail", "warn", "pass", "skip"] as const).find((v) => seen.has(v));
}

/** Across one test's requirements, the test's verdict: the worst of them, a skip worse than a pass. */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict | undefined {
  const seen = new Set(verdicts);
  return (["fail", "warn", "skip", "pass"] as const).find((v) => seen.has(v));
}
