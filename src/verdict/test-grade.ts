import { encodeGrade, type EncodedAnnotation } from "./annotation-codec";
import type { Level, RequirementGrade, TestStatus, Verdict } from "./finding";

/**
 * One test's grade, requirement by requirement, the way certification suites
 * grade each finding: the level of the requirement and this test's verdict on
 * it. It goes out as test annotations (Playwright's JUnit reporter turns them
 * into <property> elements) and as Allure labels.
 */
export interface TestGrade {
  requirements: RequirementGrade[];
  /** type "conformance:<ID>", description "<LEVEL> <verdict>", one per graded requirement. */
  annotations: EncodedAnnotation[];
  /** requirement (one per graded requirement), level, verdict, and "conformance:<ID>" = "<LEVEL> <verdict>". */
  labels: { name: string; value: string }[];
}

export interface GradeInput {
  /** Requirements the test checked and found to hold. */
  held: readonly string[];
  /** Requirements the test found violated (a violation wins over a hold). */
  violated: readonly string[];
  /** Requirements the test is tagged with (without the @). */
  tagged: readonly string[];
  status: TestStatus;
  /** undefined for an id outside the catalog, which is not graded. */
  levelOf: (id: string) => Level | undefined;
}

/** Worst first: the verdict label of a test is the first of these among its requirements. */
const severity: Verdict[] = ["fail", "warn", "skip", "pass"];

/**
 * Grades one test as the conformance verdict (verdicts.ts) would judge it on
 * its own: a violation fails a MUST and warns a SHOULD; what held passes; a
 * tagged requirement nothing judged passes with the test, is skipped with it,
 * and fails (warns) with a test that failed for a reason of its own (a
 * provisioning error, a time-out). When the test's own check failed, the
 * tagged requirements it did not reach are not graded.
 */
export function gradeTest({ held, violated, tagged, status, levelOf }: GradeInput): TestGrade {
  const violatedIds = new Set(violated);
  const heldIds = new Set(held);
  const ownCheckFailed = tagged.some((id) => violatedIds.has(id));
  const requirements: TestGrade["requirements"] = [];
  for (const id of new Set([...tagged, ...violated, ...held])) {
    const level = levelOf(id);
    if (!level) continue;
    const verdict = verdictOf(id, level);
    if (verdict) requirements.push({ id, level, verdict });
  }
  const annotations = requirements.map(encodeGrade);
  const labels = requirements.length
    ? [
        ...requirements.map((r) => ({ name: "requirement", value: r.id })),
        { name: "level", value: requirements.some((r) => r.level === "MUST") ? "MUST" : "SHOULD" },
        { name: "verdict", value: severity.find((v) => requirements.some((r) => r.verdict === v))! },
        ...annotations.map((a) => ({ name: a.type, value: a.description })),
      ]
    : [];
  return { requirements, annotations, labels };

  function verdictOf(id: string, level: Level): Verdict | undefined {
    if (violatedIds.has(id)) return level === "MUST" ? "fail" : "warn";
    if (heldIds.has(id)) return "pass";
    if (status === "passed") return "pass";
    if (status === "skipped" || status === "interrupted") return "skip";
    if (ownCheckFailed) return undefined;
    return level === "MUST" ? "fail" : "warn";
  }
}
