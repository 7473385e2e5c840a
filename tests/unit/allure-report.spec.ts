import { expect, test } from "@playwright/test";
import {
  allureConfig,
  allureReportName,
  allureVariables,
  validateVerdictGate,
  withoutAnalytics,
} from "../../src/reporting/allure/allure-report";
import { registerSecret } from "../../src/core/secrets";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { checkResult, conformanceReport } from "../support/check-results";

const target = (over: Partial<ConformanceReport["target"]>): ConformanceReport["target"] => ({
  baseUrl: null,
  embedded: false,
  itwinId: null,
  ...over,
});

const names: [string, ConformanceReport["target"], string][] = [
  [
    "the embedded service",
    target({ baseUrl: "http://127.0.0.1:1/accesscontrol", embedded: true }),
    "Remove iTwin group member — embedded reference service",
  ],
  [
    "a target's base URL",
    target({ baseUrl: "https://qa-api.bentley.com/accesscontrol/" }),
    "Remove iTwin group member — https://qa-api.bentley.com/accesscontrol",
  ],
  [
    "a base URL without its credentials, query or fragment",
    target({ baseUrl: "https://me:s3cret-pass@qa.example/ac?key=k3y#x" }),
    "Remove iTwin group member — https://qa.example/ac",
  ],
  [
    "a base URL that is no URL, as given",
    target({ baseUrl: "qa.example/ac" }),
    "Remove iTwin group member — qa.example/ac",
  ],
  ["no target known", target({}), "Remove iTwin group member"],
];
test("a secret of the run in the base URL is redacted from the report's name", () => {
  registerSecret("s3cret-in-the-path-0123456789");
  expect(allureReportName(target({ baseUrl: "https://qa.example/s3cret-in-the-path-0123456789/ac" }))).toBe(
    "Remove iTwin group member — https://qa.example/[REDACTED]/ac",
  );
});

for (const [what, given, name] of names) {
  test(`the report is named for ${what}`, () => {
    expect(allureReportName(given)).toBe(name);
  });
}

/** A test result with its grade labels, as the suite writes them: conformance:<ID> = "<LEVEL> <verdict>". */
const tr = (id: string, grades: Record<string, string>) =>
  ({
    id,
    labels: Object.entries(grades).map(([req, grade]) => ({ name: `conformance:${req}`, value: grade })),
  }) as never;
const trs = [
  tr("t1", { "REMOVE-204": "MUST fail", "DOCUMENTED-STATUS": "MUST pass" }),
  tr("t2", { "AUTH-WWW-AUTHENTICATE": "SHOULD warn" }),
  tr("t3", { "NOT-FOUND-GROUP": "MUST fail" }),
  tr("t4", { "REMOVE-204": "MUST pass" }),
];

const gates: [string, Partial<ConformanceReport>, { success: boolean; message: string; testResults: string[] }][] = [
  [
    "failed MUST requirements fail it, linked to the tests that failed them",
    {
      verdict: "fail",
      checks: [checkResult({ verdict: "fail" }), checkResult({ id: "NOT-FOUND-GROUP", verdict: "fail" })],
    },
    {
      success: false,
      message:
        "Conformance verdict FAIL: MUST requirement(s) failed: REMOVE-204, NOT-FOUND-GROUP (see conformance.json)",
      testResults: ["t1", "t3"],
    },
  ],
  [
    "a SHOULD that warns passes it",
    {
      verdict: "pass",
      checks: [checkResult(), checkResult({ id: "AUTH-WWW-AUTHENTICATE", level: "SHOULD", verdict: "warn" })],
    },
    { success: true, message: "Conformance verdict PASS: every MUST requirement checked was met", testResults: [] },
  ],
  [
    "a run error fails it, though every check passed",
    { verdict: "fail", checks: [checkResult()], runErrors: ["worker crashed"] },
    {
      success: false,
      message: "Conformance verdict FAIL: the run had 1 error(s) outside the checks (see conformance.json)",
      testResults: [],
    },
  ],
  [
    "an interrupted run fails it",
    { verdict: "fail", checks: [checkResult()], runStatus: "interrupted" },
    {
      success: false,
      message: "Conformance verdict FAIL: the run ended interrupted (see conformance.json)",
      testResults: [],
    },
  ],
];
for (const [what, over, want] of gates) {
  test(`the quality gate is the run's verdict: ${what}`, async () => {
    const report = conformanceReport(over);
    expect(await validateVerdictGate(report, trs)).toEqual({
      rule: "conformanceVerdict",
      expected: "pass",
      actual: report.verdict,
      ...want,
    });
  });
}

test("the report is one file, named for the target, grouped by requirement, gated by the verdict", () => {
  const config = allureConfig(conformanceReport(), {
    output: "out",
    history: { path: "h/allure-history.jsonl", limit: 50 },
  });
  expect({ ...config, qualityGate: { rules: config.qualityGate?.rules } }).toEqual({
    name: "Remove iTwin group member — https://qa.example/ac",
    output: "out",
    historyPath: "h/allure-history.jsonl",
    historyLimit: 50,
    variables: {
      "Conformance verdict": "PASS",
      Requirements: "0 pass, 0 fail, 0 warn, 0 skip",
      iTwin: "itwin-1",
      Suite: "suite 0.1.0",
    },
    plugins: {
      awesome: {
        options: {
          singleFile: true,
          reportName: "Remove iTwin group member — https://qa.example/ac",
          groupBy: ["requirement"],
        },
      },
    },
    qualityGate: { rules: [{ conformanceVerdict: "pass" }] },
  });
});

test("the report page loses Allure's Google Analytics tag, and nothing else", () => {
  // As Allure 3.18's awesome template renders it.
  const tag = `
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-LNDJ3J7WT0"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
        gtag('config', 'G-LNDJ3J7WT0', { "report": "awesome" });
    </script>`;
  const before = `<body><div id="app"></div><script>window.allure = {};</script>`;
  const after = `\n    <script defer>d("widgets/tree.json","e30=")</script></body>`;
  expect(withoutAnalytics(before + tag + after)).toBe(before + after);
});

test("the report's first screen gives the verdict and the requirements' count; no iTwin line when none is known", () => {
  const report = conformanceReport({
    verdict: "fail",
    summary: { pass: 20, fail: 2, warn: 1, skip: 7 },
    target: { baseUrl: "https://qa.example/ac", embedded: false, itwinId: null },
  });
  expect(allureVariables(report)).toEqual({
    "Conformance verdict": "FAIL",
    Requirements: "20 pass, 2 fail, 1 warn, 7 skip",
    Suite: "suite 0.1.0",
  });
});
