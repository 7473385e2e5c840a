import type { CheckResult } from "../verdict/run-verdict";
import type { InstanceKind, JudgedInstance } from "./instances";

/** What the judge concluded about one instance. */
export interface Assessment {
  name: string;
  kind: InstanceKind;
  description: string;
  /** The requirements a mutant must fail / a variant must warn about. */
  breaks: readonly string[];
  warns: readonly string[];
  verdict: "pass" | "fail";
  failed: string[];
  warned: string[];
  skipped: string[];
  /** How many answers the instance's deviations changed during the run. */
  changedAnswers: number;
  /** Judged right: the mutant was caught on what it breaks, the variant (or the reference) passed as expected. */
  ok: boolean;
  /** Why not, one entry per unmet expectation. */
  problems: string[];
  /** The first reason of each failed or warned check, to explain the table. */
  reasons: Record<string, string>;
  /** How often it was judged; a repeated instance must fail the same requirements every time. */
  runs: number;
  /** A mutant judged against the fixed checks alone, which must pass it: why. */
  fixedChecksOnly?: string;
}

/** What one run of the suite against an instance gave. */
export interface InstanceRun {
  verdict: "pass" | "fail";
  checks: CheckResult[];
  testsRun: number;
  changedAnswers: number;
}

/**
 * Compares one instance's run with what it must give. A mutant must make the
 * verdict fail with every requirement it names among the failures; a variant
 * must pass, with warnings exactly on the SHOULD requirements it names and
 * every other check pass; the plain reference must pass every check. Any
 * deviation must also have changed at least one answer: a switch that did
 * nothing proves nothing.
 */
export function assess(instance: JudgedInstance, run: InstanceRun): Assessment {
  const ids = (verdict: string) => run.checks.filter((c) => c.verdict === verdict).map((c) => c.id);
  const failed = ids("fail");
  const warned = ids("warn");
  const skipped = ids("skip");
  const problems: string[] = [];
  if (run.testsRun === 0) problems.push("no test of the suite ran against it");

  if (instance.kind === "mutant" && instance.fixedChecksOnly) {
    // Its catalog entry says no fixed check reaches it: a fixed check that catches it proves the entry wrong.
    if (run.verdict !== "pass")
      problems.push(
        `the fixed checks caught it (${failed.join(", ")}): more than exploration reaches it, so it is no "reachedBy: exploration" mutant`,
      );
  } else if (instance.kind === "mutant") {
    if (run.verdict !== "fail") problems.push("the suite's verdict was pass");
    const missed = instance.breaks.filter((id) => !failed.includes(id));
    if (missed.length) problems.push(`not failed: ${missed.join(", ")}`);
    // A check that failed only because a test errored or timed out has not caught anything.
    const byErrorOnly = instance.breaks.filter(
      (id) => failed.includes(id) && !run.checks.some((c) => c.id === id && c.violations > 0),
    );
    if (byErrorOnly.length) problems.push(`failed only by an error, not by a finding: ${byErrorOnly.join(", ")}`);
  } else {
    if (run.verdict !== "pass") problems.push(`the suite's verdict was fail (${failed.join(", ")})`);
    const unexpectedWarnings = warned.filter((id) => !instance.warns.includes(id));
    const missingWarnings = instance.warns.filter((id) => !warned.includes(id));
    if (unexpectedWarnings.length) problems.push(`unexpected warnings: ${unexpectedWarnings.join(", ")}`);
    if (missingWarnings.length) problems.push(`no warning on: ${missingWarnings.join(", ")}`);
    if (skipped.length) problems.push(`not checked: ${skipped.join(", ")}`);
  }
  // A fault the fixed checks do not reach may well never change an answer of theirs.
  if (instance.deviations.length && run.changedAnswers === 0 && !instance.fixedChecksOnly)
    problems.push("its deviation never changed an answer");

  const reasons = Object.fromEntries(
    run.checks
      .filter((c) => c.verdict === "fail" || c.verdict === "warn" || c.verdict === "skip")
      .map((c) => [c.id, c.reason.split("\n")[0] ?? ""]),
  );
  return {
    name: instance.name,
    kind: instance.kind,
    description: instance.description,
    breaks: instance.breaks,
    warns: instance.warns,
    verdict: run.verdict,
    failed,
    warned,
    skipped,
    changedAnswers: run.changedAnswers,
    ok: problems.length === 0,
    problems,
    reasons,
    runs: 1,
    ...(instance.fixedChecksOnly ? { fixedChecksOnly: instance.fixedChecksOnly } : {}),
  };
}

/**
 * Compares every run of one instance: each must be judged right on its own,
 * and all must fail the same requirements, or the verdict depends on how the
 * tests happened to be scheduled.
 */
export function assessRuns(instance: JudgedInstance, runs: InstanceRun[]): Assessment {
  const each = runs.map((run) => assess(instance, run));
  const first = each[0] ?? assess(instance, { verdict: "pass", checks: [], testsRun: 0, changedAnswers: 0 });
  if (each.length <= 1) return first;
  const problems = each.flatMap((a, i) => a.problems.map((p) => `run ${i + 1}: ${p}`));
  const sets = each.map((a) => [...a.failed].sort().join(", ") || "none");
  if (new Set(sets).size > 1) {
    problems.unshift(
      `the failed requirements differ between runs (${sets.map((set, i) => `run ${i + 1}: ${set}`).join("; ")})`,
    );
  }
  return {
    ...first,
    changedAnswers: each.reduce((sum, a) => sum + a.changedAnswers, 0),
    ok: problems.length === 0,
    problems,
    runs: each.length,
  };
}

/** The mutants the suite must catch: all but those judged against the fixed checks alone. */
const toCatch = (assessments: Assessment[]) => assessments.filter((a) => a.kind === "mutant" && !a.fixedChecksOnly);

/** Mutants caught on every requirement they name, out of all mutants the suite must catch. */
export function mutationScore(assessments: Assessment[]): { caught: number; total: number; percent: number } {
  const mutants = toCatch(assessments);
  const caught = mutants.filter((a) => a.ok).length;
  return {
    caught,
    total: mutants.length,
    percent: mutants.length ? Math.floor((caught / mutants.length) * 1000) / 10 : 100,
  };
}

export function renderJudgeTable(assessments: Assessment[], durationMs: number): string {
  const mutants = toCatch(assessments);
  const awaiting = assessments.filter((a) => a.kind === "mutant" && a.fixedChecksOnly);
  const variants = assessments.filter((a) => a.kind === "variant");
  const reference = assessments.filter((a) => a.kind === "reference");
  const score = mutationScore(assessments);
  const pad = (rows: string[][]) => {
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    return rows.map(
      (r) =>
        "  " +
        r
          .map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!)))
          .join("  ")
          .trimEnd(),
    );
  };
  const lines = ["", `Mutation table: the suite against ${mutants.length} mutants of the reference service`, ""];
  lines.push(
    ...pad([
      ["mutant", "expected to fail", "caught by"],
      ...mutants.map((a) => [
        a.name,
        a.breaks.join(", "),
        a.ok ? a.failed.join(", ") : `MISSED (${a.problems.join("; ")})`,
      ]),
    ]),
  );
  lines.push("", `  Mutation score: ${score.caught}/${score.total} caught (${score.percent}%)`, "");
  if (awaiting.length) {
    lines.push(
      `Mutants only exploration reaches: ${awaiting.length}, not judged as caught: this run does not explore.`,
      "Each ran against the fixed checks alone, which must pass it (its catalog entry says no fixed check reaches it).",
      "",
      ...pad([
        ["mutant", "fixed checks", "judged"],
        ...awaiting.map((a) => [a.name, a.verdict, a.ok ? "right" : `WRONG (${a.problems.join("; ")})`]),
      ]),
      "",
    );
  }
  lines.push(`Variants: ${variants.length} correct implementations that differ from the reference`, "");
  lines.push(
    ...pad([
      ["variant", "verdict", "warnings", "judged"],
      ...variants.map((a) => [
        a.name,
        a.verdict,
        a.warned.join(", ") || "-",
        a.ok ? "right" : `WRONG (${a.problems.join("; ")})`,
      ]),
    ]),
  );
  lines.push("", `  Variants passing as expected: ${variants.filter((a) => a.ok).length}/${variants.length}`, "");
  for (const a of reference)
    lines.push(`Reference service: ${a.verdict}${a.ok ? ", every check pass" : ` (WRONG: ${a.problems.join("; ")})`}`);
  const wrong = assessments.filter((a) => !a.ok).length;
  lines.push(
    `Judged ${assessments.length} instances in ${(durationMs / 1000).toFixed(1)} s: ${wrong ? `${wrong} judged wrong` : "all judged right"}.`,
    "",
  );
  return lines.join("\n");
}
