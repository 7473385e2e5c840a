import type { KeyObject } from "node:crypto";
import { configurationErrorExit } from "../../core/errors";
import { MergeRefusal, readShards, shardProblem } from "./merge-input";
import { mergePlaywrightReports } from "./merge-playwright";
import { mergedReport } from "./merge-report";
import { clearPreviousVerdict } from "../report-dir";
import { writeVerdictReports } from "../report-files";
import { consoleTable } from "../formats/console-table";
import { runFacts } from "../formats/verdict-formats";

export interface MergeIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** GitHub Actions' job summary file, when there is one. */
  stepSummary?: string;
  /** The key that signs the merged run's statement (CONFORMANCE_SIGNING_KEY). */
  signingKey?: KeyObject;
}

/**
 * `npm run merge -- <dir>…`: the shards' reports as one run's, in
 * `outputDir`. Exit code 0 or 1 with the merged verdict; 2, with one
 * message, when the directories are not every shard of one run.
 */
export function mergeShardReports(dirs: readonly string[], outputDir: string, io: MergeIo): number {
  let shards: ReturnType<typeof readShards>;
  try {
    shards = readShards(dirs);
  } catch (error) {
    if (!(error instanceof MergeRefusal)) throw error;
    io.err(`merge refused: ${error.message}\n`);
    return configurationErrorExit;
  }
  const problem = shardProblem(shards, outputDir);
  if (problem) {
    io.err(`merge refused: ${problem}\n`);
    return configurationErrorExit;
  }
  const report = mergedReport(shards);
  clearPreviousVerdict(outputDir);
  const facts = runFacts(report);
  const { warnings } = writeVerdictReports(outputDir, report, facts, {
    stepSummary: io.stepSummary,
    signingKey: io.signingKey,
  });
  for (const warning of mergePlaywrightReports(dirs, outputDir)) io.err(`${warning}\n`);
  const shardList = shards.map((s) => s.dir).join(", ");
  io.out(`Merged ${shards.length} shard${shards.length === 1 ? "" : "s"} (${shardList}) into ${outputDir}\n`);
  io.out(consoleTable(report, facts));
  for (const warning of warnings) io.err(`${warning}\n`);
  return report.verdict === "fail" ? 1 : 0;
}
