import { expect, test } from "@playwright/test";
import type { ApiClient } from "../../src/client/api-client";
import type { Exchange } from "../../src/client/exchange";
import { parseAge, runStartOf, sweep, SweepError } from "../../src/provisioning/sweep";

const runStarts: [string, { given: string; want: string | undefined }][] = [
  [
    "a suite group",
    { given: "conformance-suite-20261127T094400-a1b2c3 removed 1f2e3d4c", want: "2026-11-27T09:44:00.000Z" },
  ],
  [
    "a suite role",
    { given: "conformance-suite-20260101T000000-000000 role of worker 0", want: "2026-01-01T00:00:00.000Z" },
  ],
  ["the prefix alone", { given: "conformance-suite-handmade", want: undefined }],
  ["the prefix with a date but no run id", { given: "conformance-suite-20261127T094400 group", want: undefined }],
  ["a run id in the middle of a name", { given: "team conformance-suite-20261127T094400-a1b2c3", want: undefined }],
  ["an impossible date", { given: "conformance-suite-20261327T094400-a1b2c3 x", want: undefined }],
  ["upper-case hex", { given: "conformance-suite-20261127T094400-A1B2C3 x", want: undefined }],
  ["a name that goes on without a space", { given: "conformance-suite-20261127T094400-a1b2c3x", want: undefined }],
];

for (const [title, { given, want }] of runStarts) {
  test(`sweep: ${title} ${want ? "is" : "is not"} the suite's`, () => {
    expect(runStartOf(given)?.toISOString()).toBe(want);
  });
}

const tooShort = (age: string) =>
  `sweep: --older-than ${age} is under 1h, as long as a run against a remote target may last: it would delete the objects of runs still going; add --force if no run is going`;
const notAnAge = (age: string) => `sweep: --older-than must be an age like 30m, 6h or 2d, got ${JSON.stringify(age)}`;

const ages: [string, { force?: boolean; want: { ms: number } | { problem: string } }][] = [
  ["1h", { want: { ms: 3_600_000 } }],
  ["6h", { want: { ms: 21_600_000 } }],
  ["2d", { want: { ms: 172_800_000 } }],
  ["3600s", { want: { ms: 3_600_000 } }],
  ["60m", { want: { ms: 3_600_000 } }],
  [
    "6",
    {
      want: {
        problem: "sweep: --older-than 6 has no unit: write 6h for 6 hours or 6m for 6 minutes (units: s, m, h, d)",
      },
    },
  ],
  [
    "6",
    {
      force: true,
      want: {
        problem: "sweep: --older-than 6 has no unit: write 6h for 6 hours or 6m for 6 minutes (units: s, m, h, d)",
      },
    },
  ],
  ["59m", { want: { problem: tooShort("59m") } }],
  ["90s", { want: { problem: tooShort("90s") } }],
  ["0", { want: { problem: tooShort("0") } }],
  ["0s", { want: { problem: tooShort("0s") } }],
  ["0", { force: true, want: { ms: 0 } }],
  ["90s", { force: true, want: { ms: 90_000 } }],
  ["30m", { force: true, want: { ms: 1_800_000 } }],
  ["6 hours", { want: { problem: notAnAge("6 hours") } }],
  ["-1h", { want: { problem: notAnAge("-1h") } }],
  ["1.5h", { want: { problem: notAnAge("1.5h") } }],
  ["", { want: { problem: notAnAge("") } }],
];

for (const [given, { force, want }] of ages) {
  test(`sweep: the age ${JSON.stringify(given)}${force ? " with --force" : ""} is ${"ms" in want ? want.ms + " ms" : "refused"}`, () => {
    expect(parseAge(given, { force })).toEqual(want);
  });
}

test("sweep: a list cut at the read cap stops the sweep, saying so", async () => {
  const listed: Exchange = {
    operationId: "getItwinGroups",
    method: "GET",
    url: "https://target.test/itwins/i/groups",
    status: 200,
    headers: { "content-type": "application/json" },
    text: '{"groups":[]}',
    bodyCutAt: 1048576,
  };
  const api = { send: async () => listed } as unknown as ApiClient;
  await expect(sweep(api, "i", { olderThan: new Date() })).rejects.toThrow(
    new SweepError(
      'getItwinGroups answered 200 with a body that cannot be read as JSON: GET https://target.test/itwins/i/groups → 200 (content-type: application/json) body cut at 1048576 bytes: {"groups":[]}',
    ),
  );
});
