import { expect, test } from "@playwright/test";
import { annotation, encodeEvidence } from "../../src/verdict/annotation-codec";
import type { Evidence } from "../../src/verdict/evidence";
import { reattributedFailureMarker } from "../../src/verdict/observer-failure";
import type { TestOutcome } from "../../src/verdict/outcomes";
import { overallVerdict, verdictPerRequirement } from "../../src/verdict/run-verdict";

const catalog = [
  { id: "A-ONE", title: "a", level: "MUST" as const },
  { id: "B-TWO", title: "b", level: "SHOULD" as const },
  { id: "C-SEEN", title: "c", level: "MUST" as const },
];

const outcome = (over: Partial<TestOutcome>): TestOutcome => ({
  title: "t",
  requirements: [],
  status: "passed",
  annotations: [],
  errors: [],
  ...over,
});
const violation = (text: string) => ({ type: annotation.violation, description: text });
const observed = (ids: string) => ({ type: annotation.observed, description: ids });

const cases: [string, { given: TestOutcome[]; want: Record<string, string> }][] = [
  [
    "a change another requirement forbids fails that one, not the tag of the test that saw it",
    {
      given: [
        outcome({
          requirements: ["A-ONE"],
          status: "failed",
          annotations: [
            violation("C-SEEN the membership of group g ended, though no request of this test addressed it"),
          ],
          errors: [`${reattributedFailureMarker} C-SEEN: the membership of group g ended`],
        }),
      ],
      want: { "A-ONE": "skip", "C-SEEN": "fail" },
    },
  ],
  [
    "a passing tagged test passes its requirement",
    { given: [outcome({ requirements: ["A-ONE"] })], want: { "A-ONE": "pass", "B-TWO": "skip" } },
  ],
  [
    "a MUST violation fails it, whatever else passed",
    {
      given: [
        outcome({ requirements: ["A-ONE"] }),
        outcome({ status: "failed", annotations: [violation("A-ONE status 500")] }),
      ],
      want: { "A-ONE": "fail" },
    },
  ],
  [
    "a SHOULD violation is a warning",
    { given: [outcome({ annotations: [violation("B-TWO no header")] })], want: { "B-TWO": "warn" } },
  ],
  ["an observed check passes", { given: [outcome({ annotations: [observed("C-SEEN")] })], want: { "C-SEEN": "pass" } }],
  [
    "a violation names its own requirement, not the test's tag",
    {
      given: [
        outcome({
          requirements: ["A-ONE"],
          status: "failed",
          annotations: [observed("A-ONE"), violation("C-SEEN bad body")],
        }),
      ],
      want: { "A-ONE": "pass", "C-SEEN": "fail" },
    },
  ],
  [
    "a failure without a violation fails the tags (a provisioning error)",
    {
      given: [outcome({ requirements: ["A-ONE"], status: "failed", errors: ["provisioning failed"] })],
      want: { "A-ONE": "fail" },
    },
  ],
  [
    "a time-out fails the tags",
    { given: [outcome({ requirements: ["A-ONE"], status: "timedOut" })], want: { "A-ONE": "fail" } },
  ],
  [
    "a skipped test skips with its reason",
    {
      given: [
        outcome({ requirements: ["A-ONE"], status: "skipped", annotations: [{ type: "skip", description: "set X" }] }),
      ],
      want: { "A-ONE": "skip" },
    },
  ],
];

for (const [title, { given, want }] of cases) {
  test(`verdict: ${title}`, () => {
    const checks = verdictPerRequirement(catalog, given);
    for (const [id, verdict] of Object.entries(want))
      expect(checks.find((c) => c.id === id)?.verdict, id).toBe(verdict);
  });
}

test("the skip reason is carried to the check", () => {
  const [check] = verdictPerRequirement(catalog, [
    outcome({
      requirements: ["A-ONE"],
      status: "skipped",
      annotations: [{ type: "skip", description: "set CONFORMANCE_X" }],
    }),
  ]);
  expect(check).toMatchObject({ verdict: "skip", reason: "set CONFORMANCE_X" });
});

test("a part a test could not check is a pass that says what went unchecked", () => {
  const unchecked = { type: annotation.unchecked, description: "A-ONE whether the membership remains (no state)" };
  const [check] = verdictPerRequirement(catalog, [
    outcome({ title: "refused", requirements: ["A-ONE"], annotations: [unchecked] }),
  ]);
  expect(check).toMatchObject({
    verdict: "pass",
    reason: "passed what ran; not checked: refused: whether the membership remains (no state)",
  });
});

test("the run fails on a MUST failure only", () => {
  expect(overallVerdict(verdictPerRequirement(catalog, [outcome({ annotations: [violation("B-TWO x")] })]))).toBe(
    "pass",
  );
  expect(
    overallVerdict(
      verdictPerRequirement(catalog, [outcome({ status: "failed", annotations: [violation("A-ONE x")] })]),
    ),
  ).toBe("fail");
});

const seen = (id: string, outcome: Evidence["outcome"], status: number) => ({
  type: annotation.evidence,
  description: encodeEvidence(id, { outcome, request: "DELETE /itwins/i/members/groups/g", status, body: "" }),
});

const evidenceCases: [
  string,
  { given: TestOutcome[]; want: { test: string; outcome: string; status: number } | null },
][] = [
  ["no evidence annotation: none", { given: [outcome({ requirements: ["A-ONE"] })], want: null }],
  [
    "the first pass's, from its test",
    {
      given: [
        outcome({ title: "first", annotations: [seen("A-ONE", "pass", 204)] }),
        outcome({ title: "second", annotations: [seen("A-ONE", "pass", 205)] }),
      ],
      want: { test: "first", outcome: "pass", status: 204 },
    },
  ],
  [
    "a violation's wins over an earlier pass's",
    {
      given: [
        outcome({ title: "passed", annotations: [seen("A-ONE", "pass", 204)] }),
        outcome({ title: "violated", annotations: [seen("A-ONE", "violation", 500)] }),
      ],
      want: { test: "violated", outcome: "violation", status: 500 },
    },
  ],
  [
    "the first violation's wins over later ones",
    {
      given: [
        outcome({ title: "v1", annotations: [seen("A-ONE", "violation", 500)] }),
        outcome({ title: "v2", annotations: [seen("A-ONE", "violation", 502)] }),
      ],
      want: { test: "v1", outcome: "violation", status: 500 },
    },
  ],
];

for (const [title, { given, want }] of evidenceCases) {
  test(`evidence: ${title}`, () => {
    const check = verdictPerRequirement(catalog, given).find((c) => c.id === "A-ONE")!;
    if (want === null) expect(check.evidence).toBeNull();
    else expect(check.evidence).toMatchObject(want);
  });
}
