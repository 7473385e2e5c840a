import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { lastRunVerdictFile } from "../../src/reporting/report-dir";
import { runToEnd, suiteCommand } from "../support/harness";

// Every report carries each requirement's level and verdict: Playwright's
// junit.xml per test (as properties; the evidence is an attachment), Allure per test (as labels), and
// conformance-junit.xml per requirement. One short run of the suite against a
// target that fails one MUST (the unknown iTwin's code) and warns one SHOULD
// (Content-Length 0 on a 204), without a rate-limit budget (so the 429 check
// is skipped), shows all four verdicts.

// One run, read by every test: the tests stay in one worker, in order.
test.describe.configure({ mode: "default", timeout: 120_000 });

interface Run {
  exitCode: number | null;
  output: string;
  junit: string;
  requirementJunit: string;
  allure: { name: string; labels: { name: string; value: string }[] }[];
  attachments: { test: string; names: string[] }[];
  /** The requirements conformance.json shows evidence for. */
  evidence: string[];
}

let run: Run;

test.beforeAll(async () => {
  const target = await startEmbeddedTarget({
    deviations: ["unknown-itwin-wrong-code", "204-with-content-length-zero"],
  });
  const dir = mkdtempSync(path.join(tmpdir(), "report-levels-"));
  try {
    const suite = await runToEnd(suiteCommand(["--grep", "@REMOVE-204|@NOT-FOUND-ITWIN|@RATE-LIMIT-429"]), {
      env: {
        CONFORMANCE_BASE_URL: target.baseUrl,
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_ITWIN_ID: target.itwinId,
      },
      reportDir: dir,
    });
    const resultsDir = path.join(dir, "allure-results");
    run = {
      exitCode: suite.exitCode,
      output: suite.output,
      junit: readFileSync(path.join(dir, "junit.xml"), "utf8"),
      // A --grep run is partial: its verdict, and with it the requirement JUnit, is in partial/.
      requirementJunit: readFileSync(path.join(path.dirname(lastRunVerdictFile(dir)), "conformance-junit.xml"), "utf8"),
      allure: readdirSync(resultsDir)
        .filter((name) => name.endsWith("-result.json"))
        .map((name) => JSON.parse(readFileSync(path.join(resultsDir, name), "utf8")) as Run["allure"][number]),
      attachments: playwrightAttachments(path.join(dir, "playwright.json")),
      evidence: (
        JSON.parse(readFileSync(lastRunVerdictFile(dir), "utf8")) as {
          checks: { id: string; evidence?: unknown }[];
        }
      ).checks
        .filter((c) => c.evidence)
        .map((c) => c.id),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await target.service.close();
  }
});

const unknownItwin = "an unknown iTwin answers 404 ItwinNotFound and removes nothing";
const valid204 = "a valid removal › answers 204 No Content";
const rateLimit = "past the limit the operation answers 429, and accepts requests again after Retry-After";

test("the run fails on the MUST it broke", () => {
  expect(run.exitCode, run.output).toBe(1);
});

const perTest: [string, { test: string; want: Record<string, string> }][] = [
  ["a failed MUST", { test: unknownItwin, want: { "conformance:NOT-FOUND-ITWIN": "MUST fail" } }],
  [
    "a passed MUST and a warned SHOULD in one test",
    {
      test: valid204,
      want: { "conformance:REMOVE-204": "MUST pass", "conformance:REMOVE-NO-CONTENT-LENGTH": "SHOULD warn" },
    },
  ],
  [
    "a skipped test: each requirement it is tagged with",
    {
      test: rateLimit,
      want: { "conformance:RATE-LIMIT-429": "MUST skip", "conformance:RATE-LIMIT-HEADERS": "SHOULD skip" },
    },
  ],
];

for (const [title, { test: name, want }] of perTest) {
  test(`junit.xml: ${title} is a property of the test`, () => {
    const properties = junitProperties(run.junit, name);
    expect(properties).toMatchObject(want);
  });
}

test("junit.xml: the findings the verdict is read from are still there", () => {
  const properties = junitProperties(run.junit, valid204);
  expect(properties["conformance:observed"]).toContain("REMOVE-204");
});

// Evidence (a response body and a curl command per requirement) made junit.xml hundreds of KB of noise in CI viewers.
test("junit.xml is lean: the evidence goes in the test's attachment and conformance.json, not in a property", () => {
  expect(run.junit).not.toContain("conformance:evidence");
  expect(run.attachments.find((a) => valid204.endsWith(a.test))?.names).toContain("conformance-evidence");
  expect(run.evidence).toEqual(expect.arrayContaining(["REMOVE-204", "NOT-FOUND-ITWIN"]));
  const largest = Math.max(...[...run.junit.matchAll(/<testcase [\s\S]*?<\/testcase>/g)].map((m) => m[0].length));
  expect(largest, "the largest test case of junit.xml, in characters").toBeLessThan(4000);
});

const allureCases: [
  string,
  { test: string; want: { requirements: string[]; level: string; verdict: string; grades: Record<string, string> } },
][] = [
  [
    "a failed MUST: verdict fail",
    {
      test: "an unknown iTwin answers 404 ItwinNotFound and removes nothing",
      want: {
        requirements: ["NOT-FOUND-ITWIN"],
        level: "MUST",
        verdict: "fail",
        grades: { "conformance:NOT-FOUND-ITWIN": "MUST fail" },
      },
    },
  ],
  [
    "a warned SHOULD next to passed MUSTs: verdict warn",
    {
      test: "answers 204 No Content",
      want: {
        requirements: ["REMOVE-204", "REMOVE-NO-CONTENT-LENGTH"],
        level: "MUST",
        verdict: "warn",
        grades: { "conformance:REMOVE-204": "MUST pass", "conformance:REMOVE-NO-CONTENT-LENGTH": "SHOULD warn" },
      },
    },
  ],
  [
    "a skipped test: verdict skip",
    {
      test: rateLimit,
      want: {
        requirements: ["RATE-LIMIT-429", "RATE-LIMIT-HEADERS"],
        level: "MUST",
        verdict: "skip",
        grades: { "conformance:RATE-LIMIT-429": "MUST skip" },
      },
    },
  ],
];

for (const [title, { test: name, want }] of allureCases) {
  test(`Allure: ${title}`, () => {
    const result = run.allure.find((r) => r.name === name);
    expect(result, `no Allure result named ${name}`).toBeDefined();
    const values = (label: string) => result!.labels.filter((l) => l.name === label).map((l) => l.value);
    expect(values("requirement")).toEqual(expect.arrayContaining(want.requirements));
    expect(values("level")).toEqual([want.level]);
    expect(values("verdict")).toEqual([want.verdict]);
    for (const [label, grade] of Object.entries(want.grades)) expect(values(label), label).toEqual([grade]);
  });
}

test("the labels cost each test one attachment at most, nothing else in the other reports", () => {
  expect(run.attachments.length).toBeGreaterThan(0);
  for (const { test: name, names } of run.attachments)
    expect(
      names.filter((n) => n.startsWith("Allure")),
      name,
    ).toEqual(["Allure Metadata (metadata)"]);
});

const perRequirement: [string, { id: string; want: RegExp }][] = [
  [
    "a failed MUST is a failure with its reason",
    {
      id: "NOT-FOUND-ITWIN",
      want: /<property name="level" value="MUST"\/>\s*<property name="verdict" value="fail"\/>\s*<\/properties>\s*<failure message="[^"]*ItwinNotFound[^"]*" type="MUST">/,
    },
  ],
  [
    "a warned SHOULD passes, says warn, and keeps its reason as output",
    {
      id: "REMOVE-NO-CONTENT-LENGTH",
      want: /<property name="level" value="SHOULD"\/>\s*<property name="verdict" value="warn"\/>\s*<\/properties>\s*<system-out>[^<]*Content-Length[^<]*<\/system-out>\s*<\/testcase>/i,
    },
  ],
  [
    "a skipped MUST names the setting that would run it",
    {
      id: "RATE-LIMIT-429",
      want: /<property name="verdict" value="skip"\/>\s*<\/properties>\s*<skipped message="[^"]*CONFORMANCE_RATE_LIMIT_BUDGET[^"]*"\/>/,
    },
  ],
  [
    "a passed MUST",
    {
      id: "REMOVE-204",
      want: /<property name="level" value="MUST"\/>\s*<property name="verdict" value="pass"\/>\s*<\/properties>\s*<\/testcase>/,
    },
  ],
];

for (const [title, { id, want }] of perRequirement) {
  test(`conformance-junit.xml: ${title}`, () => {
    const testCase = run.requirementJunit.match(
      new RegExp(`<testcase classname="conformance\\.(MUST|SHOULD)" name="${id} [^"]*">[\\s\\S]*?</testcase>`),
    );
    expect(testCase, `no test case for ${id}`).not.toBeNull();
    expect(testCase![0]).toMatch(want);
  });
}

test("conformance-junit.xml: one test case per requirement, counted on the test suite", () => {
  const cases = run.requirementJunit.match(/<testcase /g) ?? [];
  const failures = run.requirementJunit.match(/<failure /g) ?? [];
  const skipped = run.requirementJunit.match(/<skipped /g) ?? [];
  expect(cases.length).toBeGreaterThan(15);
  expect(failures.length).toBeGreaterThan(0);
  expect(run.requirementJunit).toContain(
    `<testsuite name="conformance: DELETE /itwins/{id}/members/groups/{groupId}" tests="${cases.length}" failures="${failures.length}" errors="0" skipped="${skipped.length}"`,
  );
  expect(run.requirementJunit).toContain(`<property name="verdict" value="fail"/>`);
});

/** The properties of the test case named `name` in Playwright's junit.xml (the last of repeated names wins). */
function junitProperties(xml: string, name: string): Record<string, string> {
  const testCase = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*>([\s\S]*?)<\/testcase>/g)].find(
    (m) => unescape(m[1]!) === name,
  );
  expect(testCase, `no test case named ${name} in junit.xml`).toBeDefined();
  return Object.fromEntries(
    [...testCase![2]!.matchAll(/<property name="([^"]*)" value="([^"]*)">/g)].map((m) => [
      unescape(m[1]!),
      unescape(m[2]!),
    ]),
  );
}

function unescape(text: string): string {
  return text.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_, e: string) => ({ quot: '"', apos: "'", lt: "<", gt: ">", amp: "&" })[e]!,
  );
}

/** Each test's attachments, by name, in Playwright's JSON report. */
function playwrightAttachments(file: string): Run["attachments"] {
  type Suite = {
    specs?: { title: string; tests: { results: { attachments: { name: string }[] }[] }[] }[];
    suites?: Suite[];
  };
  const found: Run["attachments"] = [];
  const walk = (suite: Suite) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests)
        for (const r of t.results) found.push({ test: spec.title, names: r.attachments.map((a) => a.name) });
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of (JSON.parse(readFileSync(file, "utf8")) as { suites: Suite[] }).suites) walk(suite);
  return found;
}
