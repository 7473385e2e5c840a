import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { historyFileName, type HistoryFile } from "../../src/reporting/history/history";
import { startEmbeddedTarget, type EmbeddedTarget } from "../../src/reference-service/embedded-target";
import { runToEnd, suiteCommand, type RunResult } from "../support/harness";

// Two nights against one target with a history folder kept between them: the
// first against a mutant that answers an unknown iTwin with the wrong code, the
// second with that mutant switched off. Filtered runs are never recorded, so
// both are whole runs of the suite.

test.describe.configure({ mode: "default", timeout: 240_000 });

let target: EmbeddedTarget;
let dir: string;
const runs: RunResult[] = [];
const summaries: string[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(path.join(tmpdir(), "history-runs-"));
  target = await startEmbeddedTarget({ deviations: ["unknown-itwin-wrong-code"] });
  const night = async (n: number) => {
    const summary = path.join(dir, `summary-${n}.md`);
    runs.push(
      await runToEnd(suiteCommand(), {
        env: {
          CONFORMANCE_BASE_URL: target.baseUrl,
          CONFORMANCE_TOKEN: target.adminToken,
          CONFORMANCE_ITWIN_ID: target.itwinId,
          CONFORMANCE_HISTORY: path.join(dir, "history"),
          GITHUB_STEP_SUMMARY: summary,
        },
      }),
    );
    summaries.push(readFileSync(summary, "utf8"));
  };
  try {
    await night(1);
    // The service's deviations are fixed when it starts; switching this one off in place keeps the target (its
    // URL and iTwin) the same, as a deployment fixed overnight would be.
    (target.service.deviations as unknown as { active: Set<string> }).active.clear();
    await night(2);
  } finally {
    await target.service.close();
  }
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the first night: the broken check is a new failure, no earlier run is known", () => {
  const [first] = runs;
  expect(first!.exitCode, first!.output).toBe(1);
  expect(first!.report!.history).toEqual({ runsKnown: 0 });
  const broken = first!.report!.checks.find((c) => c.id === "NOT-FOUND-ITWIN")!;
  expect(broken).toMatchObject({ verdict: "fail", change: "new-failure", flaky: false });
  expect(first!.report!.checks.filter((c) => c.change !== "unchanged").map((c) => c.id)).toEqual(["NOT-FOUND-ITWIN"]);
  expect(first!.output).toContain("History: 0 earlier run(s) of this target; this run recorded in ");
  expect(summaries[0]).toMatch(
    /^\n## What changed since the last run\n[\s\S]*- \*\*New failures\*\*: `NOT-FOUND-ITWIN`\n/,
  );
});

test("the second night: it is fixed, and one earlier run is known", () => {
  const second = runs[1]!;
  expect(second.exitCode, second.output).toBe(0);
  expect(second.report!.history).toEqual({ runsKnown: 1 });
  expect(second.report!.checks.filter((c) => c.change !== "unchanged").map((c) => [c.id, c.change])).toEqual([
    ["NOT-FOUND-ITWIN", "fixed"],
  ]);
  expect(summaries[1]).toContain("- **Fixed**: `NOT-FOUND-ITWIN`\n");
});

test("both nights are recorded under the one target", () => {
  const history = JSON.parse(readFileSync(path.join(dir, "history", historyFileName), "utf8")) as HistoryFile;
  const key = `${target.baseUrl} itwin=${target.itwinId}`;
  expect(Object.keys(history.targets)).toEqual([key]);
  expect(history.targets[key]!.map((r) => r.verdicts["NOT-FOUND-ITWIN"])).toEqual(["fail", "pass"]);
  expect(history.targets[key]!.map((r) => r.startedAt)).toEqual(runs.map((r) => r.report!.startedAt));
});
