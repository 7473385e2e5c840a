import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { FullResult, TestCase, TestResult } from "@playwright/test/reporter";
import ConformanceReporter from "../../src/reporting/conformance-reporter";
import { annotation } from "../../src/reporting/findings";

// The reporter's verdict and the run's exit status agree, whatever Playwright thought of the tests.

function fakeTest(id: string, tags: string[], conformance = true): TestCase {
  return {
    id,
    tags: tags.map((t) => `@${t}`),
    annotations: [],
    titlePath: () => ["", "conformance", "file.spec.ts", id],
    parent: { project: () => ({ metadata: { conformance } }) },
  } as unknown as TestCase;
}

function fakeResult(status: TestResult["status"], annotations: { type: string; description?: string }[] = [], errors: string[] = []): TestResult {
  return { status, annotations, errors: errors.map((message) => ({ message })) } as unknown as TestResult;
}

async function runReporter(feed: (r: ConformanceReporter) => void, status: FullResult["status"]) {
  const dir = mkdtempSync(path.join(tmpdir(), "reporter-"));
  try {
    const reporter = new ConformanceReporter({ outputDir: dir });
    reporter.onBegin({} as never, { allTests: () => [fakeTest("x", [])] } as never);
    feed(reporter);
    const log = console.log;
    console.log = () => {};
    const override = await reporter.onEnd({ status } as FullResult).finally(() => (console.log = log));
    const report = JSON.parse(readFileSync(path.join(dir, "conformance.json"), "utf8")) as { verdict: string; runErrors: string[]; checks: { id: string; verdict: string; reason: string }[] };
    return { override, report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("a MUST violation in a test that then skipped fails the run, though Playwright saw no failure", async () => {
  const { override, report } = await runReporter((r) => {
    r.onTestEnd(fakeTest("a", ["RATE-LIMIT-RECOVERY"]), fakeResult("skipped", [{ type: annotation.violation, description: "ERROR-SCHEMA body lacks message" }, { type: "skip", description: "too long" }]));
  }, "passed");
  expect(report.verdict).toBe("fail");
  expect(report.checks.find((c) => c.id === "ERROR-SCHEMA")?.verdict).toBe("fail");
  expect(override).toEqual({ status: "failed" });
});

test("an error outside the tests fails the verdict, as it fails Playwright's run", async () => {
  const { override, report } = await runReporter((r) => {
    r.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed"));
    r.onError({ message: "clean-up left objects behind: role 1234 (deleteItwinRole answered 403)" });
  }, "failed");
  expect(report.verdict).toBe("fail");
  expect(report.runErrors).toEqual(["clean-up left objects behind: role 1234 (deleteItwinRole answered 403)"]);
  expect(override).toBeUndefined();
});

test("a pass stays a pass, and tests outside the conformance projects do not count", async () => {
  const { override, report } = await runReporter((r) => {
    r.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed"));
    r.onTestEnd(fakeTest("u", ["REMOVE-GROUP-KEPT"], false), fakeResult("failed", [], ["unit failure"]));
  }, "passed");
  expect(report.verdict).toBe("pass");
  expect(report.checks.find((c) => c.id === "REMOVE-GROUP-KEPT")?.verdict).toBe("skip");
  expect(override).toBeUndefined();
});

test("colour codes and tokens do not reach the report", async () => {
  const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
  const { report } = await runReporter((r) => {
    r.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("failed", [], [`\u001b[31mError: expected 204, body ${jwt}\u001b[39m`]));
  }, "failed");
  const reason = report.checks.find((c) => c.id === "REMOVE-204")!.reason;
  expect(reason).toContain("expected 204");
  expect(reason).not.toContain("\u001b");
  expect(reason).not.toContain(jwt);
});
