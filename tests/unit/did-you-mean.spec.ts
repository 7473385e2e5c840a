import { expect, test } from "@playwright/test";
import { didYouMean, editDistance } from "../../src/core/did-you-mean";
import { parseDeviations } from "../../src/reference-service/deviations/switchboard";

// One hint for every misspelt name: settings, flags, manifest fields, deviations.

const hints: [string, { name: string; candidates: string[]; want: string }][] = [
  [
    "a letter missing",
    { name: "--base-ur", candidates: ["--base-url", "--token"], want: " (did you mean --base-url?)" },
  ],
  ["letters swapped", { name: "itwnIId", candidates: ["itwinId", "memberGroupIds"], want: " (did you mean itwinId?)" }],
  ["nothing close", { name: "--verbose", candidates: ["--base-url", "--token"], want: "" }],
  ["a short name three edits away is no typo", { name: "--all", candidates: ["--dry-run", "--help"], want: "" }],
  ["a tie: the first listed", { name: "ab", candidates: ["abc", "abd"], want: " (did you mean abc?)" }],
  ["the nearest, not the first", { name: "tokn", candidates: ["token-url", "token"], want: " (did you mean token?)" }],
];

for (const [title, { name, candidates, want }] of hints) {
  test(`did you mean: ${title}`, () => {
    expect(didYouMean(name, candidates)).toBe(want);
  });
}

test("edit distance counts insertions, deletions and substitutions", () => {
  expect([editDistance("", "abc"), editDistance("kitten", "sitting"), editDistance("same", "same")]).toEqual([3, 3, 0]);
});

test("a misspelt deviation of REFERENCE_DEVIATIONS is quoted, with the one meant", () => {
  expect(() => parseDeviations("remove-answers-202,remove-answer-200-with-body")).toThrow(
    new Error(
      'unknown deviation(s): "remove-answer-200-with-body" (did you mean remove-answers-200-with-body?); see specs/mutants.yaml and specs/variants.yaml',
    ),
  );
});
