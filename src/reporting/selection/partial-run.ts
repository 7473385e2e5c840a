/**
 * A partial run (a --grep, a file filter, --project, --last-failed, … of
 * the conformance suite) writes its verdict to <report dir>/partial/, so that
 * the last full run's verdict in <report dir> stays what it was. The run is
 * known to be partial from its command line, before any test, because the
 * global setup clears the previous verdict first. A shard is the exception:
 * it writes where it is told, for `npm run merge`.
 */
import path from "node:path";
import { repoRoot } from "../../validation/spec";
import type { CheckResult } from "../../verdict/run-verdict";
import { commandLine, isInSuite } from "./run-selection";

export const partialDirName = "partial";

const conformanceDir = path.join("tests", "conformance");

const isWholeSuite = (filter: string) => path.relative(repoRoot, path.resolve(repoRoot, filter)) === conformanceDir;

/**
 * Why a run of the conformance suite with this command line writes its
 * verdict to partial/ (the option or filter that selects); undefined for a
 * run of every check, for a shard, and for a command line that does not run
 * the conformance suite (the project's own tests, the judge, a script).
 */
export function partialSelection(argv: readonly string[] = process.argv): string | undefined {
  const line = commandLine(argv);
  if (!line.runsTests) return undefined;
  const filters = line.fileFilters;
  const named = line.projects;
  if (filters.length && !filters.some(isInSuite)) return undefined;
  if (named.length && !named.some((p) => p.startsWith("conformance"))) return undefined;
  if (line.sharded) return undefined;
  if (line.selectingOption) return line.selectingOption;
  const narrower = filters.find((f) => !isWholeSuite(f));
  return narrower === undefined ? undefined : `the file filter ${narrower}`;
}

/** Where a run's verdict goes: `dir`, or its partial/ folder for a partial run. */
export function verdictDir(dir: string, partial: string | undefined): string {
  return partial ? path.join(dir, partialDirName) : dir;
}

/** Whether any test of the run judged the check, or was meant to: the checks a partial run shows. */
export function isSelected(check: Pick<CheckResult, "verdict" | "tests">): boolean {
  return check.verdict !== "skip" || check.tests.length > 0;
}

/** "23 checks not selected by this run", or nothing when every check was. */
export function notSelectedLine(checks: readonly Pick<CheckResult, "verdict" | "tests">[]): string | undefined {
  const count = checks.filter((c) => !isSelected(c)).length;
  return count ? `${count} check${count === 1 ? "" : "s"} not selected by this run` : undefined;
}
