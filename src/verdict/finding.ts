import type { Level } from "../catalog/requirements";
import type { Evidence } from "./evidence";

export type { Level };

export type Verdict = "pass" | "fail" | "warn" | "skip";

/** How a test ended, in Playwright's words. */
export type TestStatus = "passed" | "failed" | "timedOut" | "skipped" | "interrupted";

/** What one test found about one requirement. */
export type Finding =
  /** The requirement did not hold; `message` says how. */
  | { kind: "violation"; id: string; message: string }
  /** The requirement was checked and held. */
  | { kind: "held"; id: string }
  /** A part of the requirement this test could not check: what, and why. */
  | { kind: "unchecked"; id: string; what: string }
  /** A response of the operation under test the requirement was judged on. */
  | { kind: "evidence"; id: string; evidence: Evidence };

/** One test's grade of one requirement: "<LEVEL> <verdict>" in the reports. */
export interface RequirementGrade {
  id: string;
  level: Level;
  verdict: Verdict;
}

/** What one test found, and how it ended: what the run's verdict is built from. */
export interface TestFindings {
  title: string;
  /** Requirements the test is tagged with (without the @). */
  tagged: readonly string[];
  status: TestStatus;
  findings: readonly Finding[];
  /** The reason a skipped test gave. */
  skipReason?: string;
  /**
   * Why a failed or timed-out test failed, unless only the observer's
   * violations failed it: its first other error, else its time-out. Whether
   * that error was the test's own check's, the rules tell.
   */
  failure?: string;
}
