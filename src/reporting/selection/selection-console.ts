/**
 * What the conformance reporter says about a run's selection: the
 * requirement ids of each test under --list, a selection that matches no
 * check (exit code 2, not Playwright's 1, which would read as a failed
 * check), and where a partial run's verdict went.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { TestCase } from "@playwright/test/reporter";
import { noCheckMatches } from "../../catalog/selection";
import { repoRoot } from "../../validation/spec";
import { partialDirName } from "./partial-run";
import { commandLine } from "./run-selection";

/** Exit code of a selection that matches no check, as for a bad command line. */
export const noCheckExit = 2;

const observedSuffix = "(observed)";

/** Under --list: each test with the requirement ids it checks, and those the observer judges on its answers. */
export function listRequirements(tests: readonly TestCase[]): string {
  const lines = tests.map((test) => {
    const ids = test.tags.map((tag) => tag.replace(/^@/, ""));
    const own = ids.filter((id) => !id.endsWith(observedSuffix));
    const observed = ids.filter((id) => id.endsWith(observedSuffix)).map((id) => id.slice(0, -observedSuffix.length));
    const where = `${path.relative(repoRoot, test.location.file)}:${test.location.line}`;
    return `  ${where} › ${test.title}: ${own.join(", ")}${observed.length ? `; observed: ${observed.join(", ")}` : ""}`;
  });
  return [
    "",
    "Requirement ids of each test (observed: judged by the response observer on the test's answers; select with --grep @<id>):",
    ...lines,
  ].join("\n");
}

/** The selection as the user gave it: `--grep "…"`, `--grep-invert "…"`, or else the partial run's reason. */
export function describeSelection(argv: readonly string[], partial: string): string {
  const { grep, grepInvert } = commandLine(argv);
  const parts = [
    ...grep.map((g) => `--grep ${JSON.stringify(g)}`),
    ...grepInvert.map((g) => `--grep-invert ${JSON.stringify(g)}`),
  ];
  return parts.length ? parts.join(" ") : partial;
}

/** Says which selection matched nothing, with the ids to choose from, and makes the run end with exit code 2. */
export function endWithNoCheckMatching(argv: readonly string[], partial: string): void {
  console.error(`\n${noCheckMatches(describeSelection(argv, partial))}`);
  // Playwright ends the process itself, with 1 for "No tests found"; the exit event is the last word on its code.
  process.once("exit", () => {
    process.exitCode = noCheckExit;
  });
}

/** Where a partial run's verdict is, and that the last full run's stays. */
export function partialRunLine(outputDir: string, partial: string): string {
  const full = path.join(outputDir, "conformance.json");
  const kept = existsSync(full)
    ? `${full} still holds the last full run's verdict`
    : `there is no full run's verdict in ${outputDir}`;
  return `Partial run (${partial}): its verdict is in ${path.join(outputDir, partialDirName, "conformance.json")}; ${kept}.`;
}
