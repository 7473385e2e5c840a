import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { certificateMarkdown } from "../../src/reporting/formats/certificate";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { renderTable } from "../../src/reporting/formats/console-table";
import { lastRunVerdictFile } from "../../src/reporting/report-dir";
import { checkResult, conformanceReport } from "../support/check-results";

// A partial run (one requirement's --grep, say) shows what it selected, and one line for the rest.

const nothingRan = "nothing in this run exercised it (no test for it ran, or no response it applies to was seen)";
const checks = [
  checkResult({ id: "NOT-FOUND-ITWIN", verdict: "pass", tests: ["an unknown iTwin answers 404"] }),
  checkResult({ id: "ERROR-SCHEMA", verdict: "pass", tests: ["an unknown iTwin answers 404"] }),
  ...["REMOVE-204", "REMOVE-NO-BODY", "AUTH-MISSING-HEADER"].map((id) =>
    checkResult({ id, verdict: "skip", tests: [], reason: nothingRan }),
  ),
];

test("a partial run's console shows the checks it selected and one line for the others", () => {
  expect(renderTable("http://target", "pass", checks, [], true)).toBe(
    [
      "",
      "Partial run: conformance verdict for http://target: PASS (2 checks: 2 pass, 0 fail, 0 warn, 0 skip)",
      "",
      "  check            level   verdict",
      "  NOT-FOUND-ITWIN  MUST    pass",
      "  ERROR-SCHEMA     MUST    pass",
      "  (3 checks not selected by this run)",
      "",
    ].join("\n"),
  );
});

test("a full run's console shows every check, with the reason of each that did not run", () => {
  const table = renderTable("http://target", "pass", checks);
  expect(table).toContain("(5 checks: 2 pass, 0 fail, 0 warn, 3 skip)");
  expect(table.split(nothingRan).length - 1).toBe(3);
  expect(table).not.toContain("not selected");
});

test("a reason longer than its line says how many more lines of it conformance.json has", () => {
  const long = checkResult({
    id: "ERROR-SCHEMA",
    verdict: "fail",
    tests: ["t"],
    reason: "one\ntwo\nthree\nfour\nfive",
  });
  expect(renderTable(null, "fail", [long])).toContain(
    "  ERROR-SCHEMA (fail): one (4 more lines of this reason in conformance.json)",
  );
  const two = checkResult({ id: "ERROR-SCHEMA", verdict: "fail", tests: ["t"], reason: "one\ntwo" });
  expect(renderTable(null, "fail", [two])).toContain("one (1 more line of this reason in conformance.json)");
});

const report = (over: Partial<ConformanceReport>): ConformanceReport =>
  conformanceReport({ summary: { pass: 2, fail: 0, warn: 0, skip: 3 }, checks, ...over });

test("a partial run's certificate says it is partial, counts what it selected, and lists only that", () => {
  const markdown = certificateMarkdown(report({}), "--grep");
  expect(markdown).toContain("**Verdict: PASS** (2 requirements: 2 pass, 0 fail, 0 warn, 0 skip)");
  expect(markdown).toContain(
    "**Partial run (--grep):** it judged only the requirements it selected; 3 checks not selected by this run. " +
      "The last full run's certificate, one folder up, is not replaced by this one.",
  );
  expect(markdown).not.toContain("`REMOVE-204`");
  expect(markdown).toContain("`ERROR-SCHEMA`");
});

test("a full run's certificate lists every requirement and says nothing of a partial run", () => {
  const markdown = certificateMarkdown(report({}));
  expect(markdown).toContain("(5 requirements: 2 pass, 0 fail, 0 warn, 3 skip)");
  expect(markdown).toContain("`REMOVE-204`");
  expect(markdown).not.toContain("Partial run");
});

test("the last run's verdict is a partial run's while partial/ holds one, else the full run's", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "verdicts-"));
  try {
    writeFileSync(path.join(dir, "conformance.json"), "{}");
    expect(lastRunVerdictFile(dir)).toBe(path.join(dir, "conformance.json"));
    mkdirSync(path.join(dir, "partial"));
    writeFileSync(path.join(dir, "partial", "conformance.json"), "{}");
    expect(lastRunVerdictFile(dir)).toBe(path.join(dir, "partial", "conformance.json"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
