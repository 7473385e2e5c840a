import type { TestInfo } from "@playwright/test";
import { labels as sendLabels } from "allure-js-commons/sync";
import { redact } from "../../core/secrets";

export interface Label {
  name: string;
  value: string;
}

/**
 * Whether the run reports to Allure. Without allure-playwright among the
 * reporters (the judge's run, a --reporter of the user's), the labels would
 * only be attachments no one reads.
 */
export function reportsToAllure(reporters: TestInfo["config"]["reporter"]): boolean {
  return reporters.some(([name]) => name.includes("allure-playwright"));
}

/**
 * Gives the test's Allure result these labels. allure-playwright makes labels
 * only of a test's static annotations; labels known when the test ends go
 * through allure-js-commons' runtime API, which hands them to the reporter as
 * one attachment of its own content type. The synchronous API attaches
 * without adding an "Attach" step to every test in Playwright's HTML report.
 * A label is a report's detail: whatever goes wrong here costs one warning
 * line, never the test's verdict.
 */
export function labelForAllure(
  testInfo: Pick<TestInfo, "config">,
  list: readonly Label[],
  send: (...labels: Label[]) => unknown = sendLabels,
): void {
  try {
    if (!list.length || !reportsToAllure(testInfo.config.reporter)) return;
    const sent = send(...list);
    // The synchronous API returns nothing; a runtime that answers with a promise must not reject unhandled.
    if (sent instanceof Promise) sent.catch(warn);
  } catch (error) {
    warn(error);
  }
}

function warn(error: unknown): void {
  console.warn(
    `The test's Allure labels could not be added: ${redact(error instanceof Error ? error.message : String(error))}`,
  );
}
