import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type TestInfo } from "@playwright/test";
import type { FullResult, TestCase, TestResult } from "@playwright/test/reporter";
import ConformanceReporter from "../../src/reporting/conformance-reporter";
import { annotation } from "../../src/verdict/annotation-codec";
import { FindingRecorder } from "../../src/verdict/recorder";
import { registerSecret } from "../../src/core/secrets";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { suiteCommit } from "../../src/reporting/suite-commit";
import { repoRoot } from "../../src/validation/spec";

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

function fakeResult(
  status: TestResult["status"],
  annotations: { type: string; description?: string }[] = [],
  errors: string[] = [],
  attachments: TestResult["attachments"] = [],
): TestResult {
  return { status, annotations, attachments, errors: errors.map((message) => ({ message })) } as unknown as TestResult;
}

async function runReporter(feed: (r: ConformanceReporter) => void, status: FullResult["status"]) {
  const dir = mkdtempSync(path.join(tmpdir(), "reporter-"));
  try {
    const reporter = new ConformanceReporter({ outputDir: dir });
    reporter.onBegin({} as never, { allTests: () => [fakeTest("x", [])] } as never);
    feed(reporter);
    const log = console.log;
    const warn = console.warn;
    const warnings: string[] = [];
    console.log = () => {};
    console.warn = (line: string) => warnings.push(line);
    const override = await reporter
      .onEnd({ status } as FullResult)
      .finally(() => ((console.log = log), (console.warn = warn)));
    const report = JSON.parse(readFileSync(path.join(dir, "conformance.json"), "utf8")) as {
      verdict: string;
      runErrors: string[];
      checks: {
        id: string;
        verdict: string;
        reason: string;
        summary?: string;
        occurrences?: number;
        evidence: { request: string; status: number; body: string } | null;
      }[];
    };
    const markdown = readFileSync(path.join(dir, "conformance.md"), "utf8");
    const html = readFileSync(path.join(dir, "conformance.html"), "utf8");
    return { override, report, markdown, html, warnings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A reporter under test must not write to the job summary of the run that tests it.
let jobSummary: string | undefined;
test.beforeEach(() => {
  jobSummary = process.env.GITHUB_STEP_SUMMARY;
  delete process.env.GITHUB_STEP_SUMMARY;
});
test.afterEach(() => {
  if (jobSummary === undefined) delete process.env.GITHUB_STEP_SUMMARY;
  else process.env.GITHUB_STEP_SUMMARY = jobSummary;
});

/** The annotations a test's findings publish when it ends. */
/** What a test that records these findings hands its reporters. */
function findingsOf(record: (findings: FindingRecorder) => void): Pick<TestInfo, "annotations" | "attachments"> {
  const testInfo = {
    annotations: [] as { type: string; description?: string }[],
    attachments: [] as TestInfo["attachments"],
    status: "failed",
  } as unknown as TestInfo;
  const findings = new FindingRecorder(testInfo, "http://127.0.0.1:1/accesscontrol");
  record(findings);
  findings.finish();
  return testInfo;
}

test("a MUST violation in a test that then skipped fails the run, though Playwright saw no failure", async () => {
  const { override, report } = await runReporter((r) => {
    r.onTestEnd(
      fakeTest("a", ["RATE-LIMIT-RECOVERY"]),
      fakeResult("skipped", [
        { type: annotation.violation, description: "ERROR-SCHEMA body lacks message" },
        { type: "skip", description: "too long" },
      ]),
    );
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
    r.onTestEnd(
      fakeTest("a", ["REMOVE-204"]),
      fakeResult("failed", [], [`\u001b[31mError: expected 204, body ${jwt}\u001b[39m`]),
    );
  }, "failed");
  const reason = report.checks.find((c) => c.id === "REMOVE-204")!.reason;
  expect(reason).toContain("expected 204");
  expect(reason).not.toContain("\u001b");
  expect(reason).not.toContain(jwt);
});

test("a token the target echoes in a body reaches neither the certificate nor the verdict file", async () => {
  const token = "echoed-canary-token-for-the-certificate";
  const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
  registerSecret(token);
  const { annotations, attachments } = findingsOf((findings) => {
    findings.seen({
      operationId: "removeItwinGroupMember",
      method: "DELETE",
      url: "http://127.0.0.1:1/accesscontrol/itwins/i/members/groups/g",
      status: 200,
      headers: { "content-type": "application/json" },
      text: JSON.stringify({ error: { code: "Oops", message: `token ${token} and ${jwt}` } }),
    });
    findings.violation("NOT-FOUND-ITWIN", "expected 404, got 200");
  });
  const { report, markdown, html } = await runReporter((r) => {
    r.onTestEnd(
      fakeTest("a", ["NOT-FOUND-ITWIN"]),
      fakeResult("failed", annotations, ["expected 404, got 200"], attachments),
    );
  }, "failed");
  expect(report.checks.find((c) => c.id === "NOT-FOUND-ITWIN")?.evidence).toMatchObject({
    request: "DELETE /itwins/i/members/groups/g",
    status: 200,
  });
  for (const [name, text] of Object.entries({ json: JSON.stringify(report), markdown, html })) {
    expect(text, name).toContain("[REDACTED]");
    expect(text, name).not.toContain(token);
    expect(text, name).not.toContain(jwt);
  }
});

test("the certificate is written next to the verdict and appended to the job summary", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "summary-"));
  const summary = path.join(dir, "summary.md");
  writeFileSync(summary, "## An earlier step\n");
  process.env.GITHUB_STEP_SUMMARY = summary;
  try {
    const { markdown, html, warnings } = await runReporter(
      (r) => r.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed")),
      "passed",
    );
    expect(markdown).toContain("**Verdict: PASS**");
    expect(html).toContain('<strong class="badge pass">Verdict: PASS</strong>');
    expect(readFileSync(summary, "utf8")).toBe(`## An earlier step\n\n${markdown}`);
    expect(warnings).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a job summary that cannot be written costs one warning line, not the run", async () => {
  process.env.GITHUB_STEP_SUMMARY = path.join(tmpdir(), "no-such-dir-for-the-summary", "summary.md");
  const { override, report, warnings } = await runReporter(
    (r) => r.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed")),
    "passed",
  );
  expect(report.verdict).toBe("pass");
  expect(override).toBeUndefined();
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("could not append the conformance summary to GITHUB_STEP_SUMMARY");
});

test("conformance.json carries each failed finding's plain sentence and count beside its raw reason", async () => {
  const failed = () =>
    fakeResult("failed", [], [`Error: a word as the group id answered 204\n\nExpected: >= 400\nReceived: 204`]);
  const { report, markdown } = await runReporter((r) => {
    r.onTestEnd(fakeTest("first", ["MALFORMED-ID"]), failed());
    r.onTestEnd(fakeTest("second", ["MALFORMED-ID"]), failed());
  }, "failed");
  const check = report.checks.find((c) => c.id === "MALFORMED-ID")!;
  expect(check.reason).toBe(
    "first: Error: a word as the group id answered 204\nsecond: Error: a word as the group id answered 204",
  );
  expect(check.occurrences).toBe(2);
  expect(check.summary).toBe(
    "A word as the group id answered 204; the documentation requires that a hostile id (not a GUID, an encoded path traversal, a very long one) is a client error (4xx, never 5xx) and removes or deletes nothing.",
  );
  expect(markdown).toContain("1. `MALFORMED-ID`: 2 requests answered like this; for example: A word");
  expect(report.checks.find((c) => c.id === "REMOVE-204")).not.toHaveProperty("summary");
});

test("conformance.json names the implementation, the suite's commit and the fixtures; a shard's console says it is one", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reporter-"));
  const saved = process.env.CONFORMANCE_RUN_CONTEXT;
  const settings = { implementationName: "acme-mock", implementationVersion: "1.4.2", fixtures: "manifest" };
  process.env.CONFORMANCE_RUN_CONTEXT = JSON.stringify({ runId: "r1", baseUrl: "http://127.0.0.1:1", settings });
  const printed: string[] = [];
  const log = console.log;
  try {
    const reporter = new ConformanceReporter({ outputDir: dir });
    reporter.onBegin({ shard: { current: 2, total: 3 } } as never, { allTests: () => [fakeTest("x", [])] } as never);
    reporter.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed"));
    console.log = (line: string) => printed.push(line);
    await reporter.onEnd({ status: "passed" } as FullResult).finally(() => (console.log = log));
    const report = JSON.parse(readFileSync(path.join(dir, "conformance.json"), "utf8")) as ConformanceReport;
    expect(report.implementation).toEqual({ name: "acme-mock", version: "1.4.2" });
    expect(report.fixtures).toBe("manifest");
    expect(report.suite.commit).toBe(suiteCommit(repoRoot));
    expect(report.shard).toEqual({ current: 2, total: 3 });
    const verdictLine = printed
      .join("\n")
      .split("\n")
      .findIndex((l) => l.startsWith("Conformance verdict"));
    expect(printed.join("\n").split("\n")[verdictLine + 1]).toBe(
      "  Shard 2 of 3: this verdict covers this shard's checks only; the gate is the merge of every shard: " +
        "npm run merge -- <each shard's report dir>",
    );
    const statement = JSON.parse(readFileSync(path.join(dir, "conformance.intoto.json"), "utf8")) as {
      predicate: { suite: { commit: string }; implementation: object };
    };
    expect(statement.predicate.suite.commit).toBe(report.suite.commit);
    expect(statement.predicate.implementation).toEqual(report.implementation);
  } finally {
    if (saved === undefined) delete process.env.CONFORMANCE_RUN_CONTEXT;
    else process.env.CONFORMANCE_RUN_CONTEXT = saved;
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unsharded run's console has no shard line", async () => {
  const printed: string[] = [];
  const log = console.log;
  const dir = mkdtempSync(path.join(tmpdir(), "reporter-"));
  try {
    const reporter = new ConformanceReporter({ outputDir: dir });
    reporter.onBegin({} as never, { allTests: () => [fakeTest("x", [])] } as never);
    reporter.onTestEnd(fakeTest("a", ["REMOVE-204"]), fakeResult("passed"));
    console.log = (line: string) => printed.push(line);
    await reporter.onEnd({ status: "passed" } as FullResult).finally(() => (console.log = log));
    expect(printed.join("\n")).toContain("Conformance verdict");
    expect(printed.join("\n")).not.toContain("Shard ");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
