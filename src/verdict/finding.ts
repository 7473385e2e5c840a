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
