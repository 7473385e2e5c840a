import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { repoRoot } from "../../src/validation/spec";
import { readReport, runToEnd, scriptCommand, suiteCommand, type RunResult } from "../support/harness";

// The suite run whole and as two shards against one target, then merged: the merge gives the verdict and checks the
// whole run gives. The target fails one MUST and warns one SHOULD (see report-levels.spec.ts), and the rate-limit
// check is skipped, so every verdict is compared. It is an external target to the suite, so its tests are shared out
// one by one and each shard gets some.

test.describe.configure({ mode: "default", timeout: 240_000 });

const mergeScript = path.join(repoRoot, "scripts", "merge.ts");
const grep = ["--grep", "@REMOVE-204|@NOT-FOUND-ITWIN|@RATE-LIMIT-429|@METHOD-NOT-ALLOWED"];
let root: string;
let whole: RunResult;
let shards: RunResult[];
let merge: RunResult;
let merged: ConformanceReport | undefined;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  root = mkdtempSync(path.join(tmpdir(), "merge-"));
  const target = await startEmbeddedTarget({
    deviations: ["unknown-itwin-wrong-code", "204-with-content-length-zero"],
  });
  const env = {
    CONFORMANCE_BASE_URL: target.baseUrl,
    CONFORMANCE_TOKEN: target.adminToken,
    CONFORMANCE_ITWIN_ID: target.itwinId,
    CONFORMANCE_IMPLEMENTATION_NAME: "reference-service",
  };
  try {
    whole = await runToEnd(suiteCommand(grep), { env, reportDir: path.join(root, "whole") });
    shards = [];
    for (const shard of ["1/2", "2/2"])
      shards.push(
        await runToEnd(suiteCommand([...grep, `--shard=${shard}`]), {
          env,
          reportDir: path.join(root, `shard-${shard[0]}`),
        }),
      );
  } finally {
    await target.service.close();
  }
  merge = await runToEnd(scriptCommand(mergeScript, ["shard-2", "shard-1"]), {
    cwd: root,
    reportDir: path.join(root, "merged"),
  });
  merged = readReport(path.join(root, "merged"));
});

test.afterAll(() => rmSync(root, { recursive: true, force: true }));

const essentials = (report: ConformanceReport | undefined) =>
  report?.checks.map((c) => ({ id: c.id, verdict: c.verdict, violations: c.violations, tests: c.tests }));

test("each shard records its part and the tests it ran; together they are the whole run's", () => {
  expect(shards.map((s) => s.report?.shard)).toEqual([
    { current: 1, total: 2 },
    { current: 2, total: 2 },
  ]);
  expect(whole.report?.shard).toBeNull();
  const ran = (r: RunResult) => (r.report?.outcomes ?? []).map((o) => o.title);
  expect(ran(shards[0]!).length, shards[0]!.output).toBeGreaterThan(0);
  expect(ran(shards[1]!).length, shards[1]!.output).toBeGreaterThan(0);
  // The rate-limit check, a teardown against an external target, runs in each shard (and counts once in the merge).
  expect([...new Set([...ran(shards[0]!), ...ran(shards[1]!)])].sort()).toEqual(ran(whole).sort());
});

test("the merge gives the verdict and checks of the whole run, and its exit code", () => {
  expect(whole.report?.verdict, whole.output).toBe("fail");
  expect(merge.stderr).toBe("");
  expect(merged?.verdict).toBe(whole.report?.verdict);
  expect(merge.exitCode, merge.output).toBe(whole.exitCode);
  expect(essentials(merged)).toEqual(essentials(whole.report));
  expect(merged?.summary).toEqual(whole.report?.summary);
  expect(merged?.shard).toBeNull();
  expect(merged?.runId).toBe(`${shards[0]!.report?.runId}+${shards[1]!.report?.runId}`);
});

test("the merge writes the certificate, the requirement JUnit, Playwright's reports and the Allure results", () => {
  const dir = path.join(root, "merged");
  expect(readFileSync(path.join(dir, "conformance.md"), "utf8")).toContain("FAIL");
  expect(readFileSync(path.join(dir, "conformance-junit.xml"), "utf8")).toContain('name="NOT-FOUND-ITWIN');
  const junitCases = (file: string) => readFileSync(file, "utf8").match(/<testcase /g)?.length ?? 0;
  const shardCases = ["shard-1", "shard-2"].map((shard) => junitCases(path.join(root, shard, "junit.xml")));
  expect(junitCases(path.join(dir, "junit.xml"))).toBe(shardCases[0]! + shardCases[1]!);
  expect(readFileSync(path.join(dir, "junit.xml"), "utf8")).toContain('name="conformance:NOT-FOUND-ITWIN"');
  expect(readdirSync(path.join(dir, "html"))).toContain("index.html");
  const results = (d: string) => readdirSync(path.join(d, "allure-results")).filter((n) => n.endsWith("-result.json"));
  expect(results(dir).length).toBe(
    results(path.join(root, "shard-1")).length + results(path.join(root, "shard-2")).length,
  );
});

test("each shard's console says it is one and that the merge is the gate; the merge keeps the run's identity", () => {
  shards.forEach((shard, i) =>
    expect(shard.output).toContain(
      `Shard ${i + 1} of 2: this verdict covers this shard's checks only; the gate is the merge of every shard`,
    ),
  );
  expect(whole.output).not.toMatch(/Shard \d of/);
  expect(merge.output).not.toMatch(/Shard \d of/);
  expect(merged?.suite.commit).toBe(shards[0]!.report?.suite.commit);
  expect(merged?.implementation).toEqual({ name: "reference-service", version: null });
  expect(merged?.fixtures).toBe("api");
  expect(merged?.shards).toEqual([
    { current: 1, total: 2, target: shards[0]!.report?.target.baseUrl },
    { current: 2, total: 2, target: shards[1]!.report?.target.baseUrl },
  ]);
});

test("a shard alone is refused with exit code 2 and one message", async () => {
  const alone = await runToEnd(scriptCommand(mergeScript, ["shard-1"]), {
    cwd: root,
    reportDir: path.join(root, "refused"),
  });
  expect(alone.exitCode).toBe(2);
  expect(alone.stderr).toBe("merge refused: incomplete set of shards: missing 2/2 (given 1/2)\n");
  expect(alone.report).toBeUndefined();
});
