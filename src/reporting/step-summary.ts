import { appendFileSync } from "node:fs";
import { redact } from "../core/secrets";

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
