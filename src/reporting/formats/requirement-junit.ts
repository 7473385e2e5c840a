/**
 * reports/conformance-junit.xml: the verdict as JUnit XML, one test case per
 * requirement (Playwright's junit.xml has one per test). CI tools that read
 * JUnit then show the certificate's rows: a MUST that failed as a failure, a
 * requirement not checked as skipped. JUnit has no warning state: a SHOULD
 * that failed is a passed test case whose `verdict` property says warn and
 * whose output holds the reason.
 */
import { stripVTControlCharacters } from "node:util";
import type { ConformanceReport } from "../conformance-report";
import { redact } from "../../core/secrets";
import type { CheckResult } from "../../verdict/run-verdict";

export function requirementJunit(report: ConformanceReport): string {
  const count = (verdict: CheckResult["verdict"]) => report.checks.filter((c) => c.verdict === verdict).length;
  // Errors outside the checks, or an interrupted run, fail the run: a test case of their own, so no tool counting failures shows green.
  const runProblems = [...(report.runStatus === "interrupted" ? ["the run was interrupted"] : []), ...report.runErrors];
  const runCase = runProblems.length
    ? [
        indent(
          [
            `<testcase${attributes({ classname: "conformance.run", name: "the run itself" })}>`,
            indent(element("error", { message: summary(runProblems.join("\n")) }, runProblems.join("\n")), 2),
            `</testcase>`,
          ].join("\n"),
          4,
        ),
      ]
    : [];
  const totals = {
    tests: report.checks.length + runCase.length,
    failures: count("fail"),
    errors: runCase.length,
    skipped: count("skip"),
    time: seconds(report.durationMs),
  };
  const suiteProperties = properties({
    verdict: report.verdict,
    target: report.target.baseUrl ?? "",
    operation: report.operation,
    spec: report.spec.file,
    "spec.sha256": report.spec.sha256,
    suite: `${report.suite.name} ${report.suite.version}`,
  });
  const runErrors = report.runErrors.length ? [`    ${element("system-err", {}, report.runErrors.join("\n"))}`] : [];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attributes({ name: report.suite.name, ...totals })}>`,
    `  <testsuite${attributes({ name: `conformance: ${report.operation}`, ...totals, timestamp: report.startedAt })}>`,
    indent(suiteProperties, 4),
    ...report.checks.map((check) => indent(testCase(check), 4)),
    ...runCase,
    ...runErrors,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

/** One requirement as a test case: its level and verdict as properties, the reason where its verdict puts one. */
export function testCase(check: Pick<CheckResult, "id" | "title" | "level" | "verdict" | "reason">): string {
  const children = [properties({ level: check.level, verdict: check.verdict })];
  const reason = check.reason;
  if (check.verdict === "fail")
    children.push(element("failure", { message: summary(reason), type: check.level }, reason));
  else if (check.verdict === "skip") children.push(element("skipped", { message: reason }));
  else if (reason) children.push(element("system-out", {}, reason));
  return [
    `<testcase${attributes({ classname: `conformance.${check.level}`, name: `${check.id} ${check.title}` })}>`,
    ...children.map((c) => indent(c, 2)),
    `</testcase>`,
  ].join("\n");
}

/** Text as the content of an element: markup characters escaped, characters XML cannot hold replaced, secrets redacted. */
export function escapeXmlText(text: string): string {
  return xmlSafe(text).replace(/[&<>]/g, (c) => entities[c]!);
}

/** Text as an attribute value in double quotes; line breaks and tabs kept as character references (a parser would fold them to spaces). */
export function escapeXmlAttribute(text: string): string {
  return xmlSafe(text).replace(/[&<>"'\n\r\t]/g, (c) => entities[c]!);
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  "\n": "&#10;",
  "\r": "&#13;",
  "\t": "&#9;",
};

// XML 1.0 allows tab, line feed, carriage return and the code points from U+0020 up, except surrogates, U+FFFE and U+FFFF.
const notXml = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlSafe(text: string): string {
  return redact(stripVTControlCharacters(text)).replace(notXml, "\uFFFD");
}

/** The first line of a reason, and how many more there are: a failure's message is shown on one line. */
function summary(reason: string): string {
  const [first = "", ...more] = reason.split("\n");
  return more.length ? `${first} (+${more.length} more lines)` : first;
}

function properties(values: Record<string, string>): string {
  const rows = Object.entries(values).map(([name, value]) => `  <property${attributes({ name, value })}/>`);
  return ["<properties>", ...rows, "</properties>"].join("\n");
}

function element(name: string, attrs: Record<string, string>, text?: string): string {
  return text === undefined
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${escapeXmlText(text)}</${name}>`;
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(String(value))}"`)
    .join("");
}

function indent(text: string, spaces: number): string {
  // Only the lines of tags: a line of text content is part of it, and holds no "<" once escaped.
  return text
    .split("\n")
    .map((line) => (/^\s*</.test(line) ? " ".repeat(spaces) + line : line))
    .join("\n");
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}
