import { bundleFileName } from "../../attestation/signing";
import { statementFileName } from "../../attestation/statement";
import type { ConformanceReport } from "../conformance-report";
import { certificateHtml, certificateMarkdown } from "./certificate";
import { requirementJunit } from "./requirement-junit";
import { withWhatChanged } from "./step-summary";

/** What every format is told about the run beside its report: the same object for each. */
export interface RunFacts {
  /** Why the run selected only some checks (selection/partial-run.ts); undefined for a run of every check. */
  partial: string | undefined;
  /** The part of a sharded run the report judged; null when the run was not sharded. */
  shard: { current: number; total: number } | null;
  /** Where the verdict comes from: the suite's tests (a run or a merge of shards), or the traffic a proxy saw. */
  mode: "suite" | "proxy";
}

/** The facts of the run a report is the verdict of; `partial` as the run's command line decided it. */
export function runFacts(report: ConformanceReport, partial?: string): RunFacts {
  return { partial, shard: report.shard ?? null, mode: report.mode ?? "suite" };
}

/** A report file as written: its name in the report directory and its text. */
export interface WrittenFile {
  file: string;
  content: string;
}

/**
 * One report format: the file it writes into the verdict's directory and how
 * it renders a report. `earlier` holds the files written before it, in list
 * order, so that a format can be made over them (a statement of their digests).
 */
export interface ReportFormat {
  file: string;
  render: (report: ConformanceReport, facts: RunFacts, earlier: readonly WrittenFile[]) => string;
}

/** The verdict's report files, in the order they are written. A new format is one more entry. */
export const verdictFormats: readonly ReportFormat[] = [
  { file: "conformance.json", render: (report) => JSON.stringify(report, null, 2) + "\n" },
  // The certificate.
  { file: "conformance.md", render: (report, facts) => certificateMarkdown(report, facts.partial) },
  { file: "conformance.html", render: (report, facts) => certificateHtml(report, facts.partial) },
  // One JUnit test case per requirement.
  { file: "conformance-junit.xml", render: (report) => requirementJunit(report) },
];

/** The files of a verdict: what a partial run writes to partial/ instead, and what a new run clears. */
export const verdictFileNames: readonly string[] = [
  ...verdictFormats.map((format) => format.file),
  statementFileName,
  bundleFileName,
];

/** GitHub Actions' job summary: what changed since the last run (with a history), then the certificate. */
export function stepSummaryMarkdown(report: ConformanceReport, facts: RunFacts): string {
  return withWhatChanged(report, certificateMarkdown(report, facts.partial));
}
