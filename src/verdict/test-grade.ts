import { encodeGrade, type EncodedAnnotation } from "./annotation-codec";
import type { Level, RequirementGrade } from "./finding";
import { gradeRequirements, worstVerdict, type TestFacts } from "./rules";

/** The Allure label a test carries once per requirement it judged: the report's groups (reporting/allure/allure-report.ts). */
export const requirementLabel = "requirement";

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

export interface GradeInput extends Omit<TestFacts, "failedForOwnReason"> {
  /**
   * Whether a failed test failed for a reason of its own; by default it did:
   * a test is graded when it ends, before the observer fails it, and a
   * failure of its own check is told apart by the rules.
   */
  failedForOwnReason?: boolean;
  /** undefined for an id outside the catalog, which is not graded. */
  levelOf: (id: string) => Level | undefined;
}

/** Grades one test as the run's verdict would judge it on its own (rules.ts). */
export function gradeTest({ levelOf, failedForOwnReason = true, ...facts }: GradeInput): TestGrade {
  const requirements = gradeRequirements({ ...facts, failedForOwnReason }, levelOf);
  const annotations = requirements.map(encodeGrade);
  const labels = requirements.length
    ? [
        ...requirements.map((r) => ({ name: requirementLabel, value: r.id })),
        { name: "level", value: requirements.some((r) => r.level === "MUST") ? "MUST" : "SHOULD" },
        { name: "verdict", value: worstVerdict(requirements.map((r) => r.verdict))! },
        ...annotations.map((a) => ({ name: a.type, value: a.description })),
      ]
    : [];
  return { requirements, annotations, labels };
}
