import { expect, test } from "@playwright/test";
import { blobReporterWhenSharded, shardRecord } from "../../src/reporting/merge/shard-record";
import type { TestOutcome } from "../../src/verdict/outcomes";

const outcome: TestOutcome = {
  title: "t",
  requirements: ["REMOVE-204"],
  status: "passed",
  annotations: [],
  errors: [],
};
const context = (value: object | string) => ({
  CONFORMANCE_RUN_CONTEXT: typeof value === "string" ? value : JSON.stringify(value),
});

const records: [string, Parameters<typeof shardRecord>, ReturnType<typeof shardRecord>][] = [
  [
    "a shard, with the run's id",
    [
      { shard: { current: 2, total: 3 } },
      new Map([["t1", outcome]]),
      context({ runId: "20261202T081215-07c7f6", adminToken: "x" }),
    ],
    { shard: { current: 2, total: 3 }, runId: "20261202T081215-07c7f6", outcomes: [{ testId: "t1", ...outcome }] },
  ],
  [
    "an unsharded run",
    [{ shard: null }, new Map(), context({ runId: "r1" })],
    { shard: null, runId: "r1", outcomes: [] },
  ],
  ["a config without shard", [{}, new Map(), context({ runId: "r1" })], { shard: null, runId: "r1", outcomes: [] }],
  ["no run context", [undefined, new Map(), {}], { shard: null, outcomes: [] }],
  ["a run context that does not parse", [undefined, new Map(), context("{")], { shard: null, outcomes: [] }],
];

for (const [title, args, want] of records) {
  test(`shard record: ${title}`, () => {
    expect(shardRecord(...args)).toEqual(want);
  });
}

const argvs: [string[], boolean][] = [
  [["node", "playwright", "test", "--shard=1/2"], true],
  [["node", "playwright", "test", "--shard", "2/2"], true],
  [["node", "playwright", "test", "--grep", "@REMOVE-204"], false],
  [["node", "playwright", "test", "--grep", "--shard-like"], false],
];

for (const [argv, sharded] of argvs) {
  test(`blob reporter ${sharded ? "with" : "without"} a shard: ${argv.slice(3).join(" ")}`, () => {
    expect(blobReporterWhenSharded(argv, "/r")).toEqual(sharded ? [["blob", { outputDir: "/r/blob-report" }]] : []);
  });
}
