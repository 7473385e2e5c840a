import { expect, test } from "@playwright/test";
import { assess, assessRuns, mutationScore } from "../../src/judge/assess";
import type { JudgedInstance } from "../../src/judge/instances";
import type { Verdict } from "../../src/verdict/finding";
import type { CheckResult } from "../../src/verdict/run-verdict";

// The judge's own logic: what makes an instance judged right or wrong.

const mutant: JudgedInstance = {
  name: "m",
  kind: "mutant",
  description: "",
  deviations: ["remove-does-nothing"],
  breaks: ["REMOVE-MEMBERSHIP-GONE"],
  warns: [],
  runs: 3,
};
/** A mutant only exploration reaches, judged in a suite without exploration. */
const awaitingExploration: JudgedInstance = {
  ...mutant,
  deviations: ["missing-accept-answers-500"],
  breaks: ["DOCUMENTED-STATUS"],
  runs: 1,
  fixedChecksOnly: "only exploration reaches it",
};
const variant: JudgedInstance = {
  name: "v",
  kind: "variant",
  description: "",
  deviations: ["no-rate-limited-headers"],
  breaks: [],
  warns: ["RATE-LIMIT-HEADERS"],
  runs: 1,
};
const reference: JudgedInstance = {
  name: "reference",
  kind: "reference",
  description: "",
  deviations: [],
  breaks: [],
  warns: [],
  runs: 1,
};

/** A check result; "error" is a fail that no finding named (a test that errored or timed out). */
const checks = (verdicts: Record<string, Verdict | "error">): CheckResult[] =>
  Object.entries(verdicts).map(([id, given]) => {
    const verdict = given === "error" ? "fail" : given;
    const violations = verdict === "fail" || verdict === "warn" ? (given === "error" ? 0 : 1) : 0;
    return {
      id,
      title: id,
      level: id.startsWith("RATE-LIMIT-HEADERS") ? "SHOULD" : "MUST",
      verdict,
      reason: `${id} ${given}`,
      tests: [],
      violations,
      evidence: null,
    };
  });
const run = (verdicts: Record<string, Verdict | "error">, changedAnswers = 1) => ({
  verdict: Object.values(verdicts).some((v) => v === "fail" || v === "error") ? ("fail" as const) : ("pass" as const),
  checks: checks(verdicts),
  testsRun: 24,
  changedAnswers,
});

const cases: [string, { given: [JudgedInstance, ReturnType<typeof run>]; want: string[] }][] = [
  [
    "a mutant failing its requirement is caught",
    { given: [mutant, run({ "REMOVE-MEMBERSHIP-GONE": "fail", "REMOVE-204": "pass" })], want: [] },
  ],
  [
    "a mutant failing only other requirements is missed",
    {
      given: [mutant, run({ "REMOVE-MEMBERSHIP-GONE": "pass", "REMOVE-204": "fail" })],
      want: ["not failed: REMOVE-MEMBERSHIP-GONE"],
    },
  ],
  [
    "a mutant whose requirement failed only by an error is missed",
    {
      given: [mutant, run({ "REMOVE-MEMBERSHIP-GONE": "error" })],
      want: ["failed only by an error, not by a finding: REMOVE-MEMBERSHIP-GONE"],
    },
  ],
  [
    "a mutant that passes is missed",
    {
      given: [mutant, run({ "REMOVE-MEMBERSHIP-GONE": "skip" })],
      want: ["the suite's verdict was pass", "not failed: REMOVE-MEMBERSHIP-GONE"],
    },
  ],
  [
    "a mutant whose switch changed nothing proves nothing",
    { given: [mutant, run({ "REMOVE-MEMBERSHIP-GONE": "fail" }, 0)], want: ["its deviation never changed an answer"] },
  ],
  [
    "a mutant only exploration reaches is right when the fixed checks pass it, whether it changed an answer or not",
    { given: [awaitingExploration, run({ "DOCUMENTED-STATUS": "pass" }, 0)], want: [] },
  ],
  [
    "a mutant only exploration reaches is wrong when a fixed check catches it",
    {
      given: [awaitingExploration, run({ "DOCUMENTED-STATUS": "fail" })],
      want: [
        'the fixed checks caught it (DOCUMENTED-STATUS): more than exploration reaches it, so it is no "reachedBy: exploration" mutant',
      ],
    },
  ],
  [
    "a variant passing with its warning is right",
    { given: [variant, run({ "RATE-LIMIT-HEADERS": "warn", "REMOVE-204": "pass" })], want: [] },
  ],
  [
    "a variant failed by the suite is wrong",
    {
      given: [variant, run({ "RATE-LIMIT-HEADERS": "warn", "REMOVE-204": "fail" })],
      want: ["the suite's verdict was fail (REMOVE-204)"],
    },
  ],
  [
    "a variant without its warning is wrong",
    { given: [variant, run({ "RATE-LIMIT-HEADERS": "pass" })], want: ["no warning on: RATE-LIMIT-HEADERS"] },
  ],
  [
    "a variant with a check left unchecked is wrong",
    {
      given: [variant, run({ "RATE-LIMIT-HEADERS": "warn", "RATE-LIMIT-429": "skip" })],
      want: ["not checked: RATE-LIMIT-429"],
    },
  ],
  [
    "the reference with a warning is wrong",
    { given: [reference, run({ "RATE-LIMIT-HEADERS": "warn" }, 0)], want: ["unexpected warnings: RATE-LIMIT-HEADERS"] },
  ],
  [
    "the reference passing every check is right, with no switch to use",
    { given: [reference, run({ "REMOVE-204": "pass" }, 0)], want: [] },
  ],
];

for (const [title, { given, want }] of cases) {
  test(title, () => {
    const assessment = assess(...given);
    expect(assessment.problems).toEqual(want);
    expect(assessment.ok).toBe(want.length === 0);
  });
}

test("the mutation score counts mutants judged right, and only mutants", () => {
  const caught = assess(mutant, run({ "REMOVE-MEMBERSHIP-GONE": "fail" }));
  const missed = assess(mutant, run({ "REMOVE-MEMBERSHIP-GONE": "pass" }));
  const right = assess(variant, run({ "RATE-LIMIT-HEADERS": "warn" }));
  expect(mutationScore([caught, missed, right])).toEqual({ caught: 1, total: 2, percent: 50 });
});

test("the mutation score leaves out the mutants judged against the fixed checks alone", () => {
  const caught = assess(mutant, run({ "REMOVE-MEMBERSHIP-GONE": "fail" }));
  const passedByFixedChecks = assess(awaitingExploration, run({ "DOCUMENTED-STATUS": "pass" }, 0));
  expect(mutationScore([caught, passedByFixedChecks])).toEqual({ caught: 1, total: 1, percent: 100 });
});

const repeated: [string, { given: ReturnType<typeof run>[]; want: string[] }][] = [
  [
    "runs that fail the same requirements are judged right",
    {
      given: [
        run({ "REMOVE-MEMBERSHIP-GONE": "fail", "REMOVE-OTHERS-KEPT": "fail" }),
        run({ "REMOVE-OTHERS-KEPT": "fail", "REMOVE-MEMBERSHIP-GONE": "fail" }),
      ],
      want: [],
    },
  ],
  [
    "runs that fail different requirements are judged wrong, naming each run's",
    {
      given: [
        run({ "REMOVE-MEMBERSHIP-GONE": "fail", "AUTH-MISSING-HEADER": "pass" }),
        run({ "REMOVE-MEMBERSHIP-GONE": "fail", "AUTH-MISSING-HEADER": "fail" }),
      ],
      want: [
        "the failed requirements differ between runs (run 1: REMOVE-MEMBERSHIP-GONE; run 2: AUTH-MISSING-HEADER, REMOVE-MEMBERSHIP-GONE)",
      ],
    },
  ],
  [
    "a run that misses the mutant is named",
    {
      given: [run({ "REMOVE-MEMBERSHIP-GONE": "fail" }), run({ "REMOVE-MEMBERSHIP-GONE": "pass" })],
      want: [
        "the failed requirements differ between runs (run 1: REMOVE-MEMBERSHIP-GONE; run 2: none)",
        "run 2: the suite's verdict was pass",
        "run 2: not failed: REMOVE-MEMBERSHIP-GONE",
      ],
    },
  ],
];

for (const [title, { given, want }] of repeated) {
  test(`judge: ${title}`, () => {
    const assessment = assessRuns(mutant, given);
    expect(assessment.problems).toEqual(want);
    expect(assessment.ok).toBe(want.length === 0);
    expect(assessment.runs).toBe(given.length);
  });
}
