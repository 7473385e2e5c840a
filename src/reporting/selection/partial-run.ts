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
import { selectingArgument } from "../history/history";

export const partialDirName = "partial";

/** The options of `playwright test` that take a value, so that the value is not read as a file filter. */
const valueOptions = new Set([
  "-c",
  "--config",
  "-g",
  "--grep",
  "-G",
  "--grep-invert",
  "-j",
  "--workers",
  "--project",
  "--reporter",
  "--retries",
  "--repeat-each",
  "--timeout",
  "--global-timeout",
  "--trace",
  "--output",
  "--shard",
  "--max-failures",
  "--test-list",
  "--test-list-invert",
  "--tsconfig",
  "--update-snapshots",
  "--update-source-method",
  "--browser",
]);

const conformanceDir = path.join("tests", "conformance");

/** The file filters of a `playwright test` command line: its arguments that are no option nor an option's value. */
export function testFilters(argv: readonly string[]): string[] {
  const start = argv.indexOf("test");
  if (start < 0) return [];
  const filters: string[] = [];
  for (let i = start + 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-")) filters.push(arg);
    else if (!arg.includes("=") && valueOptions.has(arg)) i++;
  }
  return filters;
}

/** The values of --project on the command line. */
function projects(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg.startsWith("--project=") ? [arg.slice("--project=".length)] : arg === "--project" ? [argv[i + 1] ?? ""] : [],
  );
}

const isWholeSuite = (filter: string) => path.relative(repoRoot, path.resolve(repoRoot, filter)) === conformanceDir;
const isInSuite = (filter: string) => filter.replace(/^\.\//, "").startsWith("tests/conformance");

/**
 * Why a run of the conformance suite with this command line writes its
 * verdict to partial/ (the option or filter that selects); undefined for a
 * run of every check, for a shard, and for a command line that does not run
 * the conformance suite (the project's own tests, the judge, a script).
 */
export function partialSelection(argv: readonly string[] = process.argv): string | undefined {
  if (!argv.includes("test")) return undefined;
  const filters = testFilters(argv);
  const named = projects(argv);
  if (filters.length && !filters.some(isInSuite)) return undefined;
  if (named.length && !named.some((p) => p.startsWith("conformance"))) return undefined;
  if (argv.some((arg) => arg === "--shard" || arg.startsWith("--shard="))) return undefined;
  const option = selectingArgument(argv);
  if (option) return option;
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
