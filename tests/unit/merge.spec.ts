import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { ExplorationSummary } from "../../src/exploration/findings";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { MergeRefusal, readShards, shardProblem, type ShardReport } from "../../src/reporting/merge/merge-input";
import { mergedReport } from "../../src/reporting/merge/merge-report";
import { annotation } from "../../src/verdict/annotation-codec";
import type { TestOutcome } from "../../src/verdict/outcomes";
import { shardReport } from "../support/check-results";

const shard = (dir: string, current: number, total: number, over: Partial<ConformanceReport> = {}): ShardReport => ({
  dir,
  report: shardReport({ shard: { current, total }, ...over }),
});

const problems: [string, ShardReport[], string | undefined][] = [
  ["every shard of one run", [shard("a", 1, 2), shard("b", 2, 2)], undefined],
  ["one unsharded run", [{ dir: "a", report: shardReport({ shard: null }) }], undefined],
  [
    "different suite versions",
    [shard("a", 1, 2), shard("b", 2, 2, { suite: { name: "suite", version: "0.2.0", commit: "abc123" } })],
    "the shards ran different suite versions: a ran suite 0.1.0, b ran suite 0.2.0",
  ],
  [
    "different spec hashes",
    [shard("a", 1, 2), shard("b", 2, 2, { spec: { file: "specs/spec.json", sha256: "bbb" } })],
    "the shards ran with different specs: a has specs/spec.json sha256 aaa, b has specs/spec.json sha256 bbb",
  ],
  [
    "different base URLs",
    [
      shard("a", 1, 2),
      shard("b", 2, 2, { target: { baseUrl: "https://x.example", embedded: false, itwinId: "itwin-1" } }),
    ],
    "the shards ran against different targets: a against https://qa.example/ac, iTwin itwin-1, b against https://x.example, iTwin itwin-1",
  ],
  [
    "different iTwins",
    [
      shard("a", 1, 2),
      shard("b", 2, 2, { target: { baseUrl: "https://qa.example/ac", embedded: false, itwinId: "i2" } }),
    ],
    "the shards ran against different targets: a against https://qa.example/ac, iTwin itwin-1, b against https://qa.example/ac, iTwin i2",
  ],
  [
    "the embedded service and an external target",
    [shard("a", 1, 2, { target: { baseUrl: "http://127.0.0.1:1", embedded: true, itwinId: "e" } }), shard("b", 2, 2)],
    "the shards ran against different targets: a against the embedded reference service, b against https://qa.example/ac, iTwin itwin-1",
  ],
  [
    "each shard on its own embedded service",
    [
      shard("a", 1, 2, { target: { baseUrl: "http://127.0.0.1:1", embedded: true, itwinId: "e1" } }),
      shard("b", 2, 2, { target: { baseUrl: "http://127.0.0.1:2", embedded: true, itwinId: "e2" } }),
    ],
    undefined,
  ],
  [
    "different commits of the suite",
    [shard("a", 1, 2), shard("b", 2, 2, { suite: { name: "suite", version: "0.1.0", commit: "def456+dirty" } })],
    "the shards ran different commits of the suite: a ran commit abc123, b ran commit def456+dirty",
  ],
  [
    "different implementations",
    [
      shard("a", 1, 2, { implementation: { name: "acme", version: "1.0" } }),
      shard("b", 2, 2, { implementation: { name: "acme", version: "1.1" } }),
    ],
    "the shards ran on different implementations: a judged acme 1.0, b judged acme 1.1",
  ],
  [
    "different fixtures",
    [shard("a", 1, 2), shard("b", 2, 2, { fixtures: "manifest" })],
    "the shards ran with different fixtures: a used fixtures api, b used fixtures manifest",
  ],
  ["a missing shard", [shard("a", 1, 3), shard("c", 3, 3)], "incomplete set of shards: missing 2/3 (given 1/3, 3/3)"],
  ["a shard alone", [shard("b", 2, 2)], "incomplete set of shards: missing 1/2 (given 2/2)"],
  ["a shard given twice", [shard("a", 1, 2), shard("b", 1, 2)], "shard 1/2 is given twice: a and b"],
  [
    "mixed totals",
    [shard("a", 1, 2), shard("b", 2, 3)],
    "the shards come from different splits: a is shard 1/2, b is shard 2/3",
  ],
  [
    "an unsharded run among shards",
    [shard("a", 1, 2), { dir: "b", report: shardReport({ shard: null }) }],
    "b is an unsharded run: merge only the shards of one run (--shard=i/n)",
  ],
];

for (const [title, shards, want] of problems) {
  test(`merge refuses: ${title}${want ? "" : " (no refusal)"}`, () => {
    expect(shardProblem(shards)).toBe(want);
  });
}

test("merge refuses to write into one of the shards' directories", () => {
  expect(shardProblem([shard("reports", 1, 2), shard("b", 2, 2)], path.resolve("reports"))).toBe(
    "reports is also where the merged reports go: set CONFORMANCE_REPORT_DIR to another directory",
  );
});

const reads: [string, Record<string, string | undefined>, string][] = [
  ["no directories at all", {}, "no report directories given: npm run merge -- <shard report dir> <shard report dir>…"],
  [
    "a directory without conformance.json",
    { empty: undefined },
    "empty has no conformance.json: a shard that ran no check, or stopped before, writes none",
  ],
  [
    "a file that is no report",
    { foreign: '{"verdict":"pass"}' },
    "foreign/conformance.json is not a conformance report",
  ],
  ["a file that is no JSON", { broken: "{" }, "broken/conformance.json is not a conformance report"],
  [
    "a report without outcomes",
    { old: JSON.stringify({ ...shardReport(), outcomes: undefined }) },
    "old/conformance.json has no test outcomes: it was written by a suite that cannot merge shards",
  ],
];

for (const [title, files, want] of reads) {
  test(`merge refuses: ${title}`, () => {
    const root = mkdtempSync(path.join(tmpdir(), "merge-read-"));
    const cwd = process.cwd();
    try {
      process.chdir(root);
      for (const [dir, text] of Object.entries(files)) {
        mkdirSync(dir);
        if (text !== undefined) writeFileSync(path.join(dir, "conformance.json"), text);
      }
      expect(() => readShards(Object.keys(files))).toThrow(new MergeRefusal(want));
    } finally {
      process.chdir(cwd);
      rmSync(root, { recursive: true, force: true });
    }
  });
}

const catalog = [
  { id: "REMOVE-204", title: "204", level: "MUST" as const },
  { id: "RATE-LIMIT-429", title: "429", level: "MUST" as const },
];
const outcome = (testId: string, over: Partial<TestOutcome>) => ({
  testId,
  title: testId,
  requirements: ["REMOVE-204"],
  status: "passed" as const,
  annotations: [],
  errors: [],
  ...over,
});
const violated = (id: string) => [{ type: annotation.violation, description: `${id} broken` }];

test("merged: the shards' outcomes judged together, a test run by several shards counted once", () => {
  const probe = { requirements: ["RATE-LIMIT-429"], annotations: violated("RATE-LIMIT-429") };
  const merged = mergedReport(
    [
      shard("b", 2, 2, {
        startedAt: "2026-12-02T08:00:05.000Z",
        durationMs: 2000,
        outcomes: [outcome("t2", {}), outcome("probe", { ...probe, status: "failed" })],
        runId: "r2",
      }),
      shard("a", 1, 2, { outcomes: [outcome("t1", {}), outcome("probe", { ...probe, status: "skipped" })] }),
    ],
    catalog,
  );
  expect(merged.checks.map((c) => [c.id, c.verdict, c.violations, c.tests])).toEqual([
    ["REMOVE-204", "pass", 0, ["t1", "t2"]],
    ["RATE-LIMIT-429", "fail", 1, ["probe"]],
  ]);
  expect(merged).toMatchObject({
    verdict: "fail",
    shard: null,
    runId: "r1+r2",
    startedAt: "2026-12-02T08:00:00.000Z",
    durationMs: 7000,
    requests: 20,
    traffic: { probeRequests: 0, throttled: 0, mostInFlight: 2 },
    summary: { pass: 1, fail: 1, warn: 0, skip: 0 },
  });
});

const runFailures: [string, Partial<ConformanceReport>, Partial<ConformanceReport>][] = [
  [
    "an error outside the checks",
    { runErrors: ["clean-up: 1 group left"] },
    { verdict: "fail", runErrors: ["shard 2/2: clean-up: 1 group left"] },
  ],
  ["an interrupted shard", { runStatus: "interrupted" }, { verdict: "fail", runStatus: "interrupted" }],
  ["a shard with unknown traffic", { requests: null, traffic: null }, { requests: null, traffic: null }],
];

for (const [title, over, want] of runFailures) {
  test(`merged: ${title}`, () => {
    const passing = [outcome("t1", {})];
    const merged = mergedReport([shard("a", 1, 2, { outcomes: passing }), shard("b", 2, 2, over)], catalog);
    expect(merged).toMatchObject(want);
  });
}

test("merged: the suite's commit, the implementation and the fixtures kept, and every shard's target listed", () => {
  const identity = {
    suite: { name: "suite", version: "0.1.0", commit: "0.1.0+sha256:0123456789abcdef" },
    implementation: { name: "acme", version: "2.0" },
    fixtures: "manifest" as const,
  };
  const on = (port: number) => ({ baseUrl: `http://127.0.0.1:${port}`, embedded: true, itwinId: `e${port}` });
  // Given out of order: the merged report lists its shards in order.
  const merged = mergedReport(
    [shard("b", 2, 2, { ...identity, target: on(2) }), shard("a", 1, 2, { ...identity, target: on(1) })],
    catalog,
  );
  expect(merged).toMatchObject(identity);
  expect(merged.shards).toEqual([
    { current: 1, total: 2, target: "http://127.0.0.1:1" },
    { current: 2, total: 2, target: "http://127.0.0.1:2" },
  ]);
});

const explored: ExplorationSummary = {
  seed: "1",
  budget: 600,
  requests: 479,
  cases: { single: 108, pairwise: 12, generated: 52, sequences: 4 },
  casesPerClass: { "accept: none": 10 },
  findings: [
    {
      requirement: "MALFORMED-ID",
      phase: "coverage",
      request: ["group id: a word"],
      message: "m",
      replay: "",
      seed: "1",
    },
  ],
  budgetExhausted: false,
  stateRead: true,
  durationMs: 900,
};

test("merged: the exploration comes from the shard that ran it", () => {
  const merged = mergedReport([shard("a", 1, 2), shard("b", 2, 2, { exploration: explored })], catalog);
  expect(merged.exploration).toEqual(explored);
});

test("merged: no shard explored, no exploration", () => {
  expect(mergedReport([shard("a", 1, 2), shard("b", 2, 2)], catalog)).not.toHaveProperty("exploration");
});
