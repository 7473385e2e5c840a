import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import { verdictPredicate } from "../attestation/statement";
import { writeStatement } from "../attestation/write-statement";
import { harFileName } from "./har/har-file";
import type { ConformanceReport } from "./conformance-report";
import { appendStepSummary } from "./formats/step-summary";
import {
  stepSummaryMarkdown,
  verdictFormats,
  type ReportFormat,
  type RunFacts,
  type WrittenFile,
} from "./formats/verdict-formats";

export interface VerdictReportOptions {
  /** GitHub Actions' job summary file (GITHUB_STEP_SUMMARY), to append the run's summary to; none when unset. */
  stepSummary?: string;
  /** The formats to write; every verdict's unless a test says otherwise. */
  formats?: readonly ReportFormat[];
  /** The Ed25519 key that signs the run's statement (CONFORMANCE_SIGNING_KEY); unsigned without one. */
  signingKey?: KeyObject;
  /** The run's exchange log (exchanges.har), when this run wrote one into `dir`: the statement covers it too. */
  withExchangeLog?: boolean;
}

/**
 * The one writer of a verdict's reports, for the suite's reporter, the merge
 * of shards and the proxy alike: each format of verdictFormats into `dir`, in
 * order, from the same report and run facts, then the statement over them
 * (conformance.intoto.json, signed with a key), then the job summary. Returns the
 * files written and the warnings to print (a job summary that cannot be
 * written is not the run's failure).
 */
export function writeVerdictReports(
  dir: string,
  report: ConformanceReport,
  facts: RunFacts,
  options: VerdictReportOptions = {},
): { written: WrittenFile[]; warnings: string[] } {
  mkdirSync(dir, { recursive: true });
  const written: WrittenFile[] = [];
  for (const format of options.formats ?? verdictFormats) {
    const content = format.render(report, facts, written);
    writeFileSync(path.join(dir, format.file), content);
    written.push({ file: format.file, content });
  }
  const covered = [...written.map((w) => w.file), ...(options.withExchangeLog ? [harFileName] : [])];
  writeStatement(dir, covered, verdictPredicate(report, facts), options.signingKey);
  const warning = options.stepSummary
    ? appendStepSummary(stepSummaryMarkdown(report, facts), options.stepSummary)
    : undefined;
  return { written, warnings: warning ? [warning] : [] };
}
