import { expect, test, type TestInfo } from "@playwright/test";
import type { Level } from "../../src/catalog/requirements";
import { labelForAllure, reportsToAllure, type Label } from "../../src/reporting/allure/allure-labels";
import { annotation } from "../../src/verdict/annotation-codec";
import { FindingRecorder } from "../../src/verdict/recorder";
import { registerSecret } from "../../src/core/secrets";
import type { TestOutcome } from "../../src/verdict/outcomes";
import { verdictPerRequirement } from "../../src/verdict/run-verdict";
import { gradeTest, type GradeInput } from "../../src/verdict/test-grade";

// Each test is graded requirement by requirement, "<LEVEL> <verdict>", as the
// conformance verdict would judge that test alone; the grade goes out as
// annotations (JUnit properties) and as Allure labels.

const catalog: { id: string; title: string; level: Level }[] = [
  { id: "A-MUST", title: "a", level: "MUST" },
  { id: "B-SHOULD", title: "b", level: "SHOULD" },
  { id: "C-MUST", title: "c", level: "MUST" },
];
const levelOf = (id: string) => catalog.find((r) => r.id === id)?.level;

type Given = Omit<GradeInput, "levelOf">;
interface Want {
  /** By requirement id: the description of its "conformance:<ID>" annotation. */
  grades: Record<string, string>;
  level?: string;
  verdict?: string;
}

const given = (over: Partial<Given>): Given => ({ held: [], violated: [], tagged: [], status: "passed", ...over });

const cases: [string, { given: Given; want: Want }][] = [
  [
    "a passing test passes what held",
    {
      given: given({ tagged: ["A-MUST"], held: ["A-MUST", "B-SHOULD"] }),
      want: { grades: { "A-MUST": "MUST pass", "B-SHOULD": "SHOULD pass" }, level: "MUST", verdict: "pass" },
    },
  ],
  [
    "a tagged requirement nothing judged passes with the test",
    {
      given: given({ tagged: ["A-MUST"] }),
      want: { grades: { "A-MUST": "MUST pass" }, level: "MUST", verdict: "pass" },
    },
  ],
  [
    "a SHOULD violation warns, and warn is the test's verdict",
    {
      given: given({ tagged: ["A-MUST"], held: ["A-MUST"], violated: ["B-SHOULD"] }),
      want: { grades: { "A-MUST": "MUST pass", "B-SHOULD": "SHOULD warn" }, level: "MUST", verdict: "warn" },
    },
  ],
  [
    "a MUST violation fails, and fail is worse than warn",
    {
      given: given({ tagged: ["A-MUST"], violated: ["A-MUST", "B-SHOULD"], status: "failed" }),
      want: { grades: { "A-MUST": "MUST fail", "B-SHOULD": "SHOULD warn" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "a violation wins over a hold of the same requirement",
    {
      given: given({ held: ["C-MUST"], violated: ["C-MUST"] }),
      want: { grades: { "C-MUST": "MUST fail" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "only SHOULD requirements: the level is SHOULD",
    {
      given: given({ tagged: ["B-SHOULD"], held: ["B-SHOULD"] }),
      want: { grades: { "B-SHOULD": "SHOULD pass" }, level: "SHOULD", verdict: "pass" },
    },
  ],
  [
    "a skipped test skips what it is tagged with",
    {
      given: given({ tagged: ["A-MUST", "B-SHOULD"], status: "skipped" }),
      want: { grades: { "A-MUST": "MUST skip", "B-SHOULD": "SHOULD skip" }, level: "MUST", verdict: "skip" },
    },
  ],
  [
    "what held before the skip passes; the test's verdict is skip",
    {
      given: given({ tagged: ["A-MUST"], held: ["C-MUST"], status: "skipped" }),
      want: { grades: { "A-MUST": "MUST skip", "C-MUST": "MUST pass" }, level: "MUST", verdict: "skip" },
    },
  ],
  [
    "a violation seen before the skip still fails",
    {
      given: given({ tagged: ["A-MUST"], violated: ["C-MUST"], status: "skipped" }),
      want: { grades: { "A-MUST": "MUST skip", "C-MUST": "MUST fail" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "an interrupted test skips what it is tagged with",
    {
      given: given({ tagged: ["B-SHOULD"], status: "interrupted" }),
      want: { grades: { "B-SHOULD": "SHOULD skip" }, level: "SHOULD", verdict: "skip" },
    },
  ],
  [
    "a test that failed for a reason of its own fails (warns) its tags",
    {
      given: given({ tagged: ["A-MUST", "B-SHOULD"], status: "failed" }),
      want: { grades: { "A-MUST": "MUST fail", "B-SHOULD": "SHOULD warn" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "a failure of its own after its check held fails the tag: it is left unproven",
    {
      given: given({ tagged: ["A-MUST"], held: ["A-MUST"], status: "failed" }),
      want: { grades: { "A-MUST": "MUST fail" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "a time-out fails its tags",
    {
      given: given({ tagged: ["A-MUST"], status: "timedOut" }),
      want: { grades: { "A-MUST": "MUST fail" }, level: "MUST", verdict: "fail" },
    },
  ],
  [
    "a failed own check leaves the tags it did not reach ungraded",
    {
      given: given({ tagged: ["A-MUST", "C-MUST"], violated: ["A-MUST"], status: "failed" }),
      want: { grades: { "A-MUST": "MUST fail" }, level: "MUST", verdict: "fail" },
    },
  ],
  ["a tag outside the catalog is not graded", { given: given({ tagged: ["SLOW"] }), want: { grades: {} } }],
];

for (const [title, { given, want }] of cases) {
  test(`grade: ${title}`, () => {
    const grade = gradeTest({ ...given, levelOf });
    expect(Object.fromEntries(grade.annotations.map((a) => [a.type, a.description]))).toEqual(prefixed(want.grades));
    const labels = grade.labels.map((l) => `${l.name}=${l.value}`);
    const wantLabels = [
      ...Object.keys(want.grades).map((id) => `requirement=${id}`),
      ...(want.level ? [`level=${want.level}`] : []),
      ...(want.verdict ? [`verdict=${want.verdict}`] : []),
      ...Object.entries(prefixed(want.grades)).map(([name, value]) => `${name}=${value}`),
    ];
    expect(labels.sort()).toEqual(wantLabels.sort());
  });

  // The grade of a test is the verdict a run of that test alone would give each requirement it graded.
  test(`grade agrees with the run's verdict: ${title}`, () => {
    const checks = verdictPerRequirement(catalog, [outcomeOf(given)]);
    for (const [id, grade] of Object.entries(want.grades))
      expect(`${levelOf(id)} ${checks.find((c) => c.id === id)?.verdict}`, id).toBe(grade);
  });
}

function prefixed(grades: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(grades).map(([id, grade]) => [`conformance:${id}`, grade]));
}

/** What the conformance reporter would receive of a test that found `given`. */
function outcomeOf({ held, violated, tagged, status }: Given): TestOutcome {
  const ownCheckFailed = tagged.some((id) => violated.includes(id));
  return {
    title: "t",
    requirements: [...tagged],
    status,
    annotations: [
      ...violated.map((id) => ({ type: annotation.violation, description: `${id} found wanting` })),
      { type: annotation.observed, description: held.filter((id) => !violated.includes(id)).join(" ") },
    ],
    errors: status === "failed" ? [ownCheckFailed ? "the check's own assertion" : "provisioning failed"] : [],
  };
}

test("a test's findings end with its grade, next to the findings the reporters read", () => {
  const testInfo = {
    annotations: [] as { type: string; description?: string }[],
    status: "skipped",
    tags: ["@REMOVE-204", "@REMOVE-NO-CONTENT-LENGTH"],
  } as unknown as TestInfo;
  const findings = new FindingRecorder(testInfo);
  findings.held("DOCUMENTED-STATUS");
  findings.finish();
  expect(testInfo.annotations).toEqual([
    { type: annotation.observed, description: "DOCUMENTED-STATUS" },
    { type: "conformance:REMOVE-204", description: "MUST skip" },
    { type: "conformance:REMOVE-NO-CONTENT-LENGTH", description: "SHOULD skip" },
    { type: "conformance:DOCUMENTED-STATUS", description: "MUST pass" },
  ]);
  expect(findings.grade?.labels).toContainEqual({ name: "verdict", value: "skip" });
});

const withAllure = {
  config: {
    reporter: [
      ["list", {}],
      ["allure-playwright", { resultsDir: "x" }],
    ],
  },
} as unknown as TestInfo;
const withoutAllure = { config: { reporter: [["../../src/judge/reporter.ts", {}]] } } as unknown as TestInfo;
const someLabels: Label[] = [{ name: "verdict", value: "pass" }];

test("Allure's labels are sent only when the run reports to Allure", () => {
  expect(reportsToAllure(withAllure.config.reporter)).toBe(true);
  expect(reportsToAllure(withoutAllure.config.reporter)).toBe(false);
  const sent: Label[][] = [];
  labelForAllure(withoutAllure, someLabels, (...labels) => sent.push(labels));
  labelForAllure(withAllure, [], (...labels) => sent.push(labels));
  expect(sent, "no Allure reporter, or nothing graded: nothing sent").toEqual([]);
  labelForAllure(withAllure, someLabels, (...labels) => sent.push(labels));
  expect(sent).toEqual([someLabels]);
});

const failures: [string, (...labels: Label[]) => unknown][] = [
  [
    "throws",
    () => {
      throw new Error("no test is running, token canary-label-secret-123");
    },
  ],
  ["rejects", () => Promise.reject(new Error("attach failed, token canary-label-secret-123"))],
];

for (const [title, send] of failures) {
  test(`a label API that ${title} costs one redacted warning, never the test`, async () => {
    registerSecret("canary-label-secret-123");
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => warnings.push(line);
    try {
      expect(() => labelForAllure(withAllure, someLabels, send)).not.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      console.warn = warn;
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("Allure labels could not be added");
    expect(warnings[0]).not.toContain("canary-label-secret-123");
  });
}
