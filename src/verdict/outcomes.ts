import { stripVTControlCharacters } from "node:util";
import type { TestCase, TestError, TestResult } from "@playwright/test/reporter";
import { redact } from "../core/secrets";
import { decodeAnnotations, evidenceAnnotations, type Annotation } from "./annotation-codec";
import type { TestFindings, TestStatus } from "./finding";
import { isObserverFailure } from "./observer-failure";

/** What a reporter keeps of one test run. */
export interface TestOutcome {
  title: string;
  /** Requirement ids the test is tagged with (without the @). */
  requirements: string[];
  status: TestStatus;
  annotations: Annotation[];
  /** First line of each error, for reasons. */
  errors: string[];
}

/** What a reporter keeps of one test's run for judging: its requirements, status, findings and errors, redacted. */
export function testOutcome(test: TestCase, result: TestResult): TestOutcome {
  const seen = new Set<string>();
  // The evidence came as an attachment (kept out of junit.xml); the outcome keeps it as annotations, like every finding.
  const annotations = [
    ...test.annotations,
    ...result.annotations,
    ...evidenceAnnotations(result.attachments ?? []),
  ].filter((a) => {
    const key = `${a.type}\u0000${a.description ?? ""}`;
    return !seen.has(key) && seen.add(key);
  });
  return {
    title: test.titlePath().slice(3).join(" › "),
    requirements: test.tags.map((t) => t.replace(/^@/, "")),
    status: result.status,
    annotations: annotations.map((a) => ({ ...a, description: a.description && clean(a.description) })),
    errors: result.errors.map(firstLine),
  };
}

/** What the test found, read from its annotations, and why it failed. */
export function testFindingsOf(outcome: TestOutcome): TestFindings {
  const { findings, skipReason } = decodeAnnotations(outcome.annotations);
  return {
    title: outcome.title,
    tagged: outcome.requirements,
    status: outcome.status,
    findings,
    skipReason,
    failure: failureOf(outcome),
  };
}

/** The first error that is not the observer's (whose violations are findings), else a time-out. */
function failureOf({ status, errors }: TestOutcome): string | undefined {
  if (status !== "failed" && status !== "timedOut") return undefined;
  return errors.find((e) => !isObserverFailure(e)) ?? (status === "timedOut" ? `timed out (${status})` : undefined);
}

export function firstLine(error: TestError): string {
  return clean((error.message ?? error.value ?? "error").split("\n")[0] ?? "error");
}

function clean(text: string): string {
  return redact(stripVTControlCharacters(text));
}
