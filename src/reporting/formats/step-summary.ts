import { appendFileSync } from "node:fs";
import { redact } from "../../core/secrets";
import type { ConformanceReport } from "../conformance-report";

/**
 * Appends the run's summary to the job summary of GitHub Actions, the file
 * GITHUB_STEP_SUMMARY names. Earlier steps' summaries stay: it appends,
 * never overwrites. A file it cannot write is not the run's failure: it
 * returns one warning line instead of throwing.
 */
export function appendStepSummary(markdown: string, file: string | undefined): string | undefined {
  if (!file) return undefined;
  try {
    appendFileSync(file, `\n${markdown.endsWith("\n") ? markdown : `${markdown}\n`}`);
    return undefined;
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return redact(`Warning: could not append the conformance summary to GITHUB_STEP_SUMMARY (${file}): ${reason}`);
  }
}

/**
 * With a history, the summary begins with what changed since the target's last
 * recorded run, in the order a reader acts on it: new failures, fixed, flaky,
 * then what is still failing and since when. Without one, the certificate alone.
 */
export function withWhatChanged(report: ConformanceReport, markdown: string): string {
  if (!report.history) return markdown;
  const ids = (pick: (c: ConformanceReport["checks"][number]) => boolean) =>
    report.checks.filter(pick).map((c) => `\`${c.id}\``);
  const groups: [string, string[]][] = [
    ["New failures", ids((c) => c.change === "new-failure")],
    ["Fixed", ids((c) => c.change === "fixed")],
    ["Flaky (pass and fail alternate in the last 10 runs)", ids((c) => c.flaky === true)],
    [
      "Still failing",
      report.checks
        .filter((c) => c.change === "still-failing")
        .map((c) => `\`${c.id}\` since ${c.failingSince ?? "(unknown)"}`),
    ],
  ];
  const { runsKnown } = report.history;
  const lines = [
    "## What changed since the last run",
    "",
    runsKnown === 0
      ? "No earlier run of this target is recorded: every failure is new."
      : `Compared with the last of ${runsKnown} recorded run(s) of this target.`,
    "",
  ];
  const listed = groups.filter(([, items]) => items.length);
  for (const [title, items] of listed) lines.push(`- **${title}**: ${items.join(", ")}`);
  if (!listed.length) lines.push("- Nothing changed.");
  return `${lines.join("\n")}\n\n${markdown}`;
}
