import { countVerdicts, type CheckResult } from "../../verdict/run-verdict";
import type { ConformanceReport } from "../conformance-report";
import { isSelected, notSelectedLine } from "../selection/partial-run";
import { moreLines } from "./certificate";
import type { RunFacts } from "./verdict-formats";

/** The verdict on the console, beside the report files: from the same report and run facts. */
export function consoleTable(report: ConformanceReport, facts: RunFacts): string {
  return renderTable(
    report.target.baseUrl,
    report.verdict,
    report.checks,
    report.runErrors,
    facts.partial !== undefined,
    facts.shard,
  );
}

/** A shard's verdict is not the run's: it says which part it judged, and that the merge of every shard is the gate. */
export function shardLine(shard: { current: number; total: number }): string {
  return (
    `  Shard ${shard.current} of ${shard.total}: this verdict covers this shard's checks only; ` +
    `the gate is the merge of every shard: npm run merge -- <each shard's report dir>`
  );
}

/**
 * The verdict on the console. A partial run shows the checks it selected,
 * and one line for the rest, rather than a "nothing in this run exercised
 * it" for each.
 */
export function renderTable(
  baseUrl: string | null,
  verdict: string,
  allChecks: CheckResult[],
  runErrors: string[] = [],
  partial = false,
  shard: { current: number; total: number } | null = null,
): string {
  const checks = partial ? allChecks.filter(isSelected) : allChecks;
  const width = Math.max(5, ...checks.map((c) => c.id.length));
  const counts = countVerdicts(checks);
  const unselected = partial ? notSelectedLine(allChecks) : undefined;
  const lines = [
    "",
    `${partial ? "Partial run: conformance verdict" : "Conformance verdict"} for ${baseUrl ?? "(unknown target)"}: ${verdict.toUpperCase()}` +
      ` (${checks.length} checks: ${counts.pass} pass, ${counts.fail} fail, ${counts.warn} warn, ${counts.skip} skip)`,
    ...(shard ? [shardLine(shard)] : []),
    "",
    `  ${"check".padEnd(width)}  level   verdict`,
    ...checks.map((c) => `  ${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.verdict}`),
    ...(unselected ? [`  (${unselected})`] : []),
  ];
  const explained = checks.filter((c) => c.reason);
  if (explained.length) {
    lines.push("");
    for (const c of explained) {
      const [first = "", ...more] = c.reason.split("\n");
      lines.push(
        `  ${c.id} (${c.verdict}): ${truncate(first)}${more.length ? ` (${moreLines(more.length)} of this reason in conformance.json)` : ""}`,
      );
    }
  }
  const skippedMust = checks.filter((c) => c.level === "MUST" && c.verdict === "skip").map((c) => c.id);
  if (skippedMust.length)
    lines.push("", `  Not checked in this run (MUST): ${skippedMust.join(", ")}; the reasons above say why.`);
  for (const error of runErrors) lines.push("", `  Error outside the checks: ${truncate(error)}`);
  return lines.join("\n") + "\n";
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
