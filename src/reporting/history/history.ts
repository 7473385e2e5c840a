import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { findingKey, markNew } from "../../exploration/report";
import path from "node:path";
import type { Verdict } from "../../verdict/finding";
import type { CheckResult } from "../../verdict/run-verdict";
import type { ConformanceReport } from "../conformance-report";
import { commandLine, type RunSelection } from "../selection/run-selection";

/**
 * The suite's memory across runs (CONFORMANCE_HISTORY, a folder a CI job
 * keeps between runs): each complete run's verdict per check, kept per
 * target, from which each check of the next run learns what changed
 * (`change`, `failingSince`) and whether it is `flaky`.
 */

/** The suite's own file in the history folder. */
export const historyFileName = "conformance-history.json";
/** Allure's history file in the same folder (scripts/report.ts). */
export const allureHistoryFileName = "allure-history.jsonl";
/** Runs kept per target: the file stays small however long a job keeps it. */
export const runsKeptPerTarget = 50;
/** How many runs, this one included, the flaky rule looks at. */
export const flakyWindow = 10;
/** How many flips between failing and not failing make a check flaky. */
export const flakyFlips = 2;

export interface RecordedRun {
  /** ISO 8601 start of the run. */
  startedAt: string;
  /** Check id → its verdict in that run. */
  verdicts: Record<string, Verdict>;
  /** The exploration's findings of that run (src/exploration/report.ts findingKey), when it found any. */
  exploration?: string[];
}

export interface HistoryFile {
  version: 1;
  /** Target key → its runs, oldest first. */
  targets: Record<string, RecordedRun[]>;
}

/** The history folder (the setting's value), resolved against the working directory; undefined when it is unset. */
export function historyDir(value: string | undefined): string | undefined {
  return value ? path.resolve(value) : undefined;
}

/**
 * Runs against other targets are never compared with each other. The embedded
 * service listens on a new port every run, so all its runs are one target.
 */
export function targetKey(target: ConformanceReport["target"]): string {
  return target.embedded ? "embedded" : `${target.baseUrl ?? "(unknown)"} itwin=${target.itwinId ?? "(none)"}`;
}

// Only a fail counts as failing: a warn (a SHOULD) never fails the run or the gate, so a check going from pass to
// warn is not news for a nightly's "what broke".
const failing = (verdict: Verdict | undefined) => verdict === "fail";

/** What changed for one check, from the target's earlier runs (oldest first) and its verdict now. */
export function changeOf(
  id: string,
  now: Verdict,
  past: readonly RecordedRun[],
): Pick<CheckResult, "change" | "failingSince"> {
  const last = past.at(-1)?.verdicts[id];
  if (failing(now) && failing(last)) {
    let since = past.length - 1;
    while (since > 0 && failing(past[since - 1]!.verdicts[id])) since -= 1;
    return { change: "still-failing", failingSince: past[since]!.startedAt };
  }
  if (failing(now)) return { change: "new-failure" };
  // A skip tells nothing of the implementation: a check that failed and is not checked now is not "fixed".
  if (failing(last) && now !== "skip") return { change: "fixed" };
  return { change: "unchanged" };
}

/**
 * Flaky: the check went between failing and not failing (pass or warn) at least
 * twice over the last runs, this one included. A skip is no result: it is left
 * out, so pass, skip, fail is one flip, and skips alone never flip.
 */
export function isFlaky(id: string, now: Verdict, past: readonly RecordedRun[]): boolean {
  const window = [...past.slice(-(flakyWindow - 1)).map((run) => run.verdicts[id]), now].filter(
    (v): v is Verdict => v !== undefined && v !== "skip",
  );
  let flips = 0;
  for (let i = 1; i < window.length; i++) if (failing(window[i]) !== failing(window[i - 1])) flips += 1;
  return flips >= flakyFlips;
}

/** Each check with its change and flakiness against the target's earlier runs. */
export function annotateChecks(checks: readonly CheckResult[], past: readonly RecordedRun[]): CheckResult[] {
  return checks.map((check) => ({
    ...check,
    ...changeOf(check.id, check.verdict, past),
    flaky: isFlaky(check.id, check.verdict, past),
  }));
}

/** The history with this run added as its target's latest, the oldest dropped past runsKeptPerTarget. */
export function withRun(history: HistoryFile, key: string, run: RecordedRun): HistoryFile {
  const runs = [...(history.targets[key] ?? []), run].slice(-runsKeptPerTarget);
  return { version: 1, targets: { ...history.targets, [key]: runs } };
}

export function emptyHistory(): HistoryFile {
  return { version: 1, targets: {} };
}

/**
 * Reads the history file; a missing one is an empty history. A file that cannot
 * be read as a history costs one warning and a fresh history, never the run.
 */
export function readHistory(file: string): { history: HistoryFile; warning?: string } {
  if (!existsSync(file)) return { history: emptyHistory() };
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (!isHistoryFile(parsed)) throw new Error("not a history of this suite");
    return { history: parsed };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return {
      history: emptyHistory(),
      warning: `Warning: the conformance history ${file} could not be read (${reason}); starting a fresh history`,
    };
  }
}

function isHistoryFile(value: unknown): value is HistoryFile {
  if (typeof value !== "object" || value === null) return false;
  const { version, targets } = value as Partial<HistoryFile>;
  if (version !== 1 || typeof targets !== "object" || targets === null || Array.isArray(targets)) return false;
  return Object.values(targets).every(
    (runs) =>
      Array.isArray(runs) &&
      runs.every(
        (run: Partial<RecordedRun>) =>
          typeof run?.startedAt === "string" && typeof run.verdicts === "object" && run.verdicts !== null,
      ),
  );
}

/** Writes a temporary file beside it, then renames it over: a run killed mid-write leaves the old history whole. */
export function writeHistoryAtomically(file: string, history: HistoryFile): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, JSON.stringify(history) + "\n");
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * Why this run must not stand as its target's latest state; undefined for a
 * complete run. Only a run that ended (passed or failed), with every check
 * selected (no grep, project, shard, last-failed, max-failures, … on the
 * command line or in the configuration) and with every check named by at least
 * one test of the run (a run of some files only leaves the others' checks
 * "nothing in this run exercised it") is recorded.
 */
export function partialRunReason(
  selection: RunSelection,
  runStatus: string,
  checks: readonly CheckResult[],
): string | undefined {
  if (runStatus !== "passed" && runStatus !== "failed") return `the run was ${runStatus}`;
  const option = commandLine(selection.argv).selectingOption;
  if (option) return `the command line selects some checks only (${option})`;
  const greps = [selection.grep].flat();
  if (greps.some((g) => g.source !== ".*") || selection.grepInvert !== null)
    return "the configuration selects some checks only (grep)";
  if (selection.shard) return `the run is shard ${selection.shard.current} of ${selection.shard.total}`;
  if (selection.maxFailures > 0) return "the run stops at its first failures (maxFailures)";
  const unexercised = checks.filter((c) => c.verdict === "skip" && c.tests.length === 0).map((c) => c.id);
  if (unexercised.length > 3)
    return `no test of the run exercised ${unexercised.slice(0, 3).join(", ")} and ${unexercised.length - 3} more`;
  if (unexercised.length) return `no test of the run exercised ${unexercised.join(", ")}`;
  return undefined;
}

/**
 * The reporter's one call: with a history folder, each check gains its change
 * and flakiness and the report its `history`; a complete run is then recorded
 * as its target's latest. Without one, `history` is null and nothing else
 * changes. Returns the lines to print.
 */
export function rememberRun(
  report: ConformanceReport,
  dir: string | undefined,
  partial: string | undefined,
): { report: ConformanceReport; lines: string[] } {
  if (!dir) return { report: { ...report, history: null }, lines: [] };
  const file = path.join(dir, historyFileName);
  const { history, warning } = readHistory(file);
  const lines = warning ? [warning] : [];
  const key = targetKey(report.target);
  const past = history.targets[key] ?? [];
  const remembered = {
    ...report,
    checks: annotateChecks(report.checks, past),
    history: { runsKnown: past.length },
    // The exploration's findings not seen in the target's earlier runs are new (a random seed's new ground).
    ...(report.exploration
      ? {
          exploration: markNew(
            report.exploration,
            past.map((r) => r.exploration ?? []),
          ),
        }
      : {}),
  };
  if (partial) {
    lines.push(`History: ${past.length} earlier run(s) of this target; this run is not recorded: ${partial}.`);
    return { report: remembered, lines };
  }
  const verdicts = Object.fromEntries(report.checks.map((c) => [c.id, c.verdict]));
  try {
    const exploration = report.exploration?.findings.map(findingKey);
    const run = { startedAt: report.startedAt, verdicts, ...(exploration?.length ? { exploration } : {}) };
    writeHistoryAtomically(file, withRun(history, key, run));
    lines.push(`History: ${past.length} earlier run(s) of this target; this run recorded in ${file}.`);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    lines.push(`Warning: could not write the conformance history ${file}: ${reason}`);
  }
  return { report: remembered, lines };
}
