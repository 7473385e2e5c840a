import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import {
  changeOf,
  emptyHistory,
  historyFileName,
  isFlaky,
  partialRunReason,
  readHistory,
  rememberRun,
  runsKeptPerTarget,
  targetKey,
  withRun,
  writeHistoryAtomically,
  type HistoryFile,
  type RecordedRun,
} from "../../src/reporting/history/history";
import type { RunSelection } from "../../src/reporting/selection/run-selection";
import { withWhatChanged } from "../../src/reporting/formats/step-summary";
import type { Verdict } from "../../src/verdict/finding";
import type { CheckResult } from "../../src/verdict/run-verdict";

/** Past runs of one check "C", oldest first, each started on day i of the month. */
function runs(verdicts: (Verdict | "-")[]): RecordedRun[] {
  return verdicts.map((v, i) => ({
    startedAt: `2026-11-${String(i + 1).padStart(2, "0")}T02:17:00.000Z`,
    verdicts: v === "-" ? ({} as Record<string, Verdict>) : { C: v },
  }));
}

test.describe("what changed for a check", () => {
  const cases: [string, (Verdict | "-")[], Verdict, ReturnType<typeof changeOf>][] = [
    ["no earlier run, failing now", [], "fail", { change: "new-failure" }],
    ["no earlier run, passing now", [], "pass", { change: "unchanged" }],
    ["passed last time, fails now", ["pass"], "fail", { change: "new-failure" }],
    ["warned last time, fails now", ["warn"], "fail", { change: "new-failure" }],
    ["skipped last time, fails now", ["fail", "skip"], "fail", { change: "new-failure" }],
    ["the check is new to the catalog, fails now", ["-"], "fail", { change: "new-failure" }],
    [
      "failed last time too: since the first of the streak",
      ["fail", "pass", "fail", "fail"],
      "fail",
      { change: "still-failing", failingSince: "2026-11-03T02:17:00.000Z" },
    ],
    [
      "failed in every run known",
      ["fail", "fail"],
      "fail",
      { change: "still-failing", failingSince: "2026-11-01T02:17:00.000Z" },
    ],
    ["failed last time, passes now", ["pass", "fail"], "pass", { change: "fixed" }],
    ["failed last time, warns now (a warn is not failing)", ["fail"], "warn", { change: "fixed" }],
    ["failed last time, skipped now: not known to be fixed", ["fail"], "skip", { change: "unchanged" }],
    ["passed last time, warns now", ["pass"], "warn", { change: "unchanged" }],
    ["failed long ago, passes now", ["fail", "pass"], "pass", { change: "unchanged" }],
  ];
  for (const [name, past, now, want] of cases) {
    test(name, () => expect(changeOf("C", now, runs(past))).toEqual(want));
  }
});

test.describe("flaky: at least two flips between failing and not failing in the last 10 runs", () => {
  const cases: [string, (Verdict | "-")[], Verdict, boolean][] = [
    ["pass, fail, pass", ["pass", "fail"], "pass", true],
    ["fail, pass, fail", ["fail", "pass"], "fail", true],
    ["one flip only", ["pass", "pass"], "fail", false],
    ["always failing", ["fail", "fail"], "fail", false],
    ["skips are no result: pass, skip, fail, skip is one flip", ["pass", "skip", "fail"], "skip", false],
    ["skips between flips do not hide them", ["pass", "skip", "fail", "skip"], "pass", true],
    ["pass and warn alternating are no flips", ["pass", "warn", "pass"], "warn", false],
    ["warn, fail, warn", ["warn", "fail"], "warn", true],
    // 12 runs: the flips of the first two fall out of the window of the last 10.
    [
      "flips older than the last 10 runs are forgotten",
      ["fail", "pass", "fail", ...Array(8).fill("pass")],
      "pass",
      false,
    ],
    ["flips within the last 10 runs count", ["pass", "fail", ...Array(7).fill("pass")], "pass", true],
  ];
  for (const [name, past, now, want] of cases) {
    test(name, () => expect(isFlaky("C", now, runs(past))).toBe(want));
  }
});

test.describe("targets", () => {
  test("every embedded run is one target, whatever its port", () => {
    expect(targetKey({ baseUrl: "http://127.0.0.1:40001/x", embedded: true, itwinId: "a" })).toBe("embedded");
    expect(targetKey({ baseUrl: "http://127.0.0.1:40002/x", embedded: true, itwinId: "b" })).toBe("embedded");
  });

  test("an external target is its base URL and iTwin", () => {
    const staging = targetKey({ baseUrl: "https://qa/accesscontrol", embedded: false, itwinId: "i1" });
    expect(staging).toBe("https://qa/accesscontrol itwin=i1");
    expect(targetKey({ baseUrl: "https://qa/accesscontrol", embedded: false, itwinId: "i2" })).not.toBe(staging);
  });

  test("a run is added to its own target only, and at most the last 50 runs are kept", () => {
    let history: HistoryFile = withRun(emptyHistory(), "other", { startedAt: "x", verdicts: { C: "fail" } });
    for (let i = 0; i < runsKeptPerTarget + 5; i++)
      history = withRun(history, "embedded", { startedAt: `run ${i}`, verdicts: { C: "pass" } });
    expect(history.targets.other).toEqual([{ startedAt: "x", verdicts: { C: "fail" } }]);
    expect(history.targets.embedded).toHaveLength(runsKeptPerTarget);
    expect(history.targets.embedded![0]!.startedAt).toBe("run 5");
    expect(history.targets.embedded!.at(-1)!.startedAt).toBe(`run ${runsKeptPerTarget + 4}`);
  });
});

const all: RunSelection = { grep: /.*/, grepInvert: null, shard: null, maxFailures: 0, argv: ["node", "cli", "test"] };
const exercised = [{ id: "A", verdict: "pass", tests: ["t"] }] as CheckResult[];

test.describe("only complete runs are recorded", () => {
  const cases: [string, Partial<RunSelection>, string, CheckResult[], string | undefined][] = [
    ["a whole run that passed", {}, "passed", exercised, undefined],
    ["a whole run that failed", {}, "failed", exercised, undefined],
    [
      "a check skipped with a reason still counts",
      {},
      "passed",
      [{ id: "A", verdict: "skip", tests: ["t"] } as CheckResult],
      undefined,
    ],
    ["an interrupted run", {}, "interrupted", exercised, "the run was interrupted"],
    ["a run that timed out", {}, "timedout", exercised, "the run was timedout"],
    [
      "--grep on the command line",
      { argv: ["node", "cli", "test", "tests/conformance", "--grep", "@REMOVE-204"] },
      "passed",
      exercised,
      "the command line selects some checks only (--grep)",
    ],
    [
      "--grep-invert=… on the command line",
      { argv: ["node", "cli", "test", "--grep-invert=@X"] },
      "passed",
      exercised,
      "the command line selects some checks only (--grep-invert)",
    ],
    [
      "-g",
      { argv: ["node", "cli", "test", "-g", "x"] },
      "passed",
      exercised,
      "the command line selects some checks only (-g)",
    ],
    [
      "--last-failed",
      { argv: ["node", "cli", "test", "--last-failed"] },
      "failed",
      exercised,
      "the command line selects some checks only (--last-failed)",
    ],
    [
      "a grep in the configuration",
      { grep: /@REMOVE/ },
      "passed",
      exercised,
      "the configuration selects some checks only (grep)",
    ],
    [
      "a grepInvert in the configuration",
      { grepInvert: /@X/ },
      "passed",
      exercised,
      "the configuration selects some checks only (grep)",
    ],
    ["a shard", { shard: { current: 1, total: 2 } }, "passed", exercised, "the run is shard 1 of 2"],
    ["maxFailures", { maxFailures: 1 }, "failed", exercised, "the run stops at its first failures (maxFailures)"],
    [
      "some test files only: checks nothing exercised",
      {},
      "passed",
      [
        ...exercised,
        { id: "B", verdict: "skip", tests: [] as string[] } as CheckResult,
        { id: "D", verdict: "skip", tests: [] as string[] } as CheckResult,
      ],
      "no test of the run exercised B, D",
    ],
    [
      "many checks nothing exercised: the first three named",
      {},
      "passed",
      ["B", "D", "E", "F", "G"].map((id) => ({ id, verdict: "skip", tests: [] as string[] }) as CheckResult),
      "no test of the run exercised B, D, E and 2 more",
    ],
  ];
  for (const [name, selection, status, checks, want] of cases) {
    test(name, () => expect(partialRunReason({ ...all, ...selection }, status, checks)).toBe(want));
  }
});

test.describe("the history file", () => {
  let dir: string;
  test.beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "history-"))));
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("a missing file is an empty history, without a warning", () => {
    expect(readHistory(path.join(dir, historyFileName))).toEqual({ history: emptyHistory() });
  });

  const corrupt: [string, string, string][] = [
    ["not JSON", "{ half", "JSON at position 2"],
    [
      "JSON of another shape",
      JSON.stringify({ version: 1, targets: { embedded: [{ verdicts: {} }] } }),
      "not a history of this suite",
    ],
    ["another version", JSON.stringify({ version: 2, targets: {} }), "not a history of this suite"],
  ];
  for (const [name, content, reason] of corrupt) {
    test(`${name}: one warning and a fresh history`, () => {
      const file = path.join(dir, historyFileName);
      writeFileSync(file, content);
      const { history, warning } = readHistory(file);
      expect(history).toEqual(emptyHistory());
      expect(warning).toContain(`Warning: the conformance history ${file} could not be read (`);
      expect(warning).toContain(reason);
      expect(warning).toMatch(/\); starting a fresh history$/);
    });
  }

  test("written whole through a temporary file, which does not stay behind", () => {
    const file = path.join(dir, "nested", historyFileName);
    const history = withRun(emptyHistory(), "embedded", { startedAt: "t", verdicts: { C: "pass" } });
    writeHistoryAtomically(file, history);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(history);
    expect(readdirSync(path.dirname(file))).toEqual([historyFileName]);
  });

  test("a failed write leaves the old history whole and no temporary file", () => {
    const file = path.join(dir, historyFileName);
    writeHistoryAtomically(file, emptyHistory());
    const before = readFileSync(file, "utf8");
    // A JSON.stringify that throws stands for a write cut short (a full disk, a killed process).
    const cyclic = emptyHistory() as HistoryFile & { self?: unknown };
    cyclic.self = cyclic;
    expect(() => writeHistoryAtomically(file, cyclic)).toThrow();
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(dir)).toEqual([historyFileName]);
  });

  test("50 runs of a full catalog stay a small file", () => {
    const file = path.join(dir, historyFileName);
    const verdicts = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`REQUIREMENT-${i}`, "pass" as Verdict]));
    let history = emptyHistory();
    for (let i = 0; i < 80; i++)
      history = withRun(history, "embedded", { startedAt: new Date().toISOString(), verdicts });
    writeHistoryAtomically(file, history);
    expect(statSync(file).size).toBeLessThan(100_000);
  });
});

function report(verdicts: Record<string, Verdict>, startedAt: string, target = embeddedTarget): ConformanceReport {
  return {
    target,
    startedAt,
    checks: Object.entries(verdicts).map(([id, verdict]) => ({ id, verdict, tests: ["t"] }) as CheckResult),
  } as ConformanceReport;
}
const embeddedTarget = { baseUrl: "http://127.0.0.1:1/accesscontrol", embedded: true, itwinId: "i" };
const staging = { baseUrl: "https://qa/accesscontrol", embedded: false, itwinId: "i" };

test.describe("a run remembered", () => {
  let dir: string;
  test.beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "history-"))));
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("without the setting: history null, checks as they were, nothing written", () => {
    const { report: r, lines } = rememberRun(report({ A: "fail" }, "t1"), undefined, undefined);
    expect(r.history).toBeNull();
    expect(r.checks[0]).not.toHaveProperty("change");
    expect(lines).toEqual([]);
  });

  test("three runs: new failure, still failing since the first, then fixed; another target never mixed in", () => {
    const first = rememberRun(report({ A: "fail", B: "pass" }, "t1"), dir, undefined);
    expect(first.report.history).toEqual({ runsKnown: 0 });
    expect(first.report.checks.map((c) => [c.id, c.change, c.flaky])).toEqual([
      ["A", "new-failure", false],
      ["B", "unchanged", false],
    ]);
    expect(first.lines).toEqual([
      `History: 0 earlier run(s) of this target; this run recorded in ${path.join(dir, historyFileName)}.`,
    ]);
    const other = rememberRun(report({ A: "pass", B: "pass" }, "t2", staging), dir, undefined);
    expect(other.report.history).toEqual({ runsKnown: 0 });
    const second = rememberRun(report({ A: "fail", B: "pass" }, "t3"), dir, undefined);
    expect(second.report.history).toEqual({ runsKnown: 1 });
    expect(second.report.checks[0]).toMatchObject({ change: "still-failing", failingSince: "t1" });
    const third = rememberRun(report({ A: "pass", B: "pass" }, "t4"), dir, undefined);
    expect(third.report.checks[0]).toMatchObject({ change: "fixed", flaky: false });
    const kept = JSON.parse(readFileSync(path.join(dir, historyFileName), "utf8")) as HistoryFile;
    expect(Object.keys(kept.targets)).toEqual(["embedded", targetKey(staging)]);
    expect(kept.targets.embedded!.map((r) => r.startedAt)).toEqual(["t1", "t3", "t4"]);
  });

  test("a partial run is compared with the history but not recorded", () => {
    rememberRun(report({ A: "pass" }, "t1"), dir, undefined);
    const partial = rememberRun(report({ A: "fail" }, "t2"), dir, "the run was interrupted");
    expect(partial.report.checks[0]!.change).toBe("new-failure");
    expect(partial.lines).toEqual([
      "History: 1 earlier run(s) of this target; this run is not recorded: the run was interrupted.",
    ]);
    const kept = JSON.parse(readFileSync(path.join(dir, historyFileName), "utf8")) as HistoryFile;
    expect(kept.targets.embedded!.map((r) => r.startedAt)).toEqual(["t1"]);
  });

  test("a corrupt history: one warning, this run starts a fresh one", () => {
    writeFileSync(path.join(dir, historyFileName), "not json");
    const { report: r, lines } = rememberRun(report({ A: "fail" }, "t1"), dir, undefined);
    expect(r.history).toEqual({ runsKnown: 0 });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Warning: the conformance history .* could not be read \(.*\); starting a fresh history$/,
    );
    const kept = JSON.parse(readFileSync(path.join(dir, historyFileName), "utf8")) as HistoryFile;
    expect(kept.targets.embedded).toHaveLength(1);
  });

  test("a folder that cannot be written: one warning, the report still has its changes", () => {
    const blocked = path.join(dir, "file");
    writeFileSync(blocked, "");
    const { report: r, lines } = rememberRun(report({ A: "fail" }, "t1"), blocked, undefined);
    expect(r.checks[0]!.change).toBe("new-failure");
    expect(lines).toEqual([
      `Warning: could not write the conformance history ${path.join(blocked, historyFileName)}: EEXIST`,
    ]);
    expect(existsSync(path.join(blocked, historyFileName))).toBe(false);
  });
});

test.describe("the job summary begins with what changed", () => {
  const certificate = "# Conformance certificate\n";
  test("without a history: the certificate alone", () => {
    expect(withWhatChanged({ history: null, checks: [] } as unknown as ConformanceReport, certificate)).toBe(
      certificate,
    );
  });

  test("new failures, fixed, flaky, then still failing since", () => {
    const checks = [
      { id: "S", change: "still-failing", failingSince: "2026-11-01T02:17:00.000Z", flaky: false },
      { id: "F", change: "fixed", flaky: true },
      { id: "N", change: "new-failure", flaky: false },
      { id: "U", change: "unchanged", flaky: false },
    ] as CheckResult[];
    const r = { history: { runsKnown: 4 }, checks } as unknown as ConformanceReport;
    expect(withWhatChanged(r, certificate)).toBe(
      [
        "## What changed since the last run",
        "",
        "Compared with the last of 4 recorded run(s) of this target.",
        "",
        "- **New failures**: `N`",
        "- **Fixed**: `F`",
        "- **Flaky (pass and fail alternate in the last 10 runs)**: `F`",
        "- **Still failing**: `S` since 2026-11-01T02:17:00.000Z",
        "",
        certificate,
      ].join("\n"),
    );
  });

  test("nothing changed, on the first run of a target", () => {
    const r = { history: { runsKnown: 0 }, checks: [{ id: "U", change: "unchanged" }] } as unknown as ConformanceReport;
    expect(withWhatChanged(r, certificate)).toBe(
      [
        "## What changed since the last run",
        "",
        "No earlier run of this target is recorded: every failure is new.",
        "",
        "- Nothing changed.",
        "",
        certificate,
      ].join("\n"),
    );
  });
});
