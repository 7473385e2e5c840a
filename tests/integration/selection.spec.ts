import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { requirementIds } from "../../src/catalog/selection";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { binCommand, runToEnd, suiteCommand } from "../support/harness";

// Selecting checks by requirement id, as a user does on a fresh clone: an
// observer's requirement runs the tests whose answers it judges, a selection
// of nothing is exit 2 with the ids to choose from, and a partial run leaves
// the last full run's verdict where it was.

test.describe.configure({ timeout: 120_000 });

const ids = requirementIds.join(", ");
let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "selection-"));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A full run's verdict, as an earlier run left it. */
function earlierFullVerdict(): string {
  const text = JSON.stringify({ verdict: "fail", note: "the full run's" });
  writeFileSync(path.join(dir, "conformance.json"), text);
  writeFileSync(path.join(dir, "conformance.md"), "**Verdict: FAIL**");
  return text;
}

test("--grep with an observer's requirement runs the tests whose answers it judges", async () => {
  const run = await runToEnd(suiteCommand(["--grep", "@ERROR-SCHEMA"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(0);
  const schema = run.report?.checks.find((c) => c.id === "ERROR-SCHEMA");
  expect(schema?.verdict).toBe("pass");
  expect(schema?.tests).toContain("an unknown iTwin answers 404 ItwinNotFound and removes nothing");
});

test("a --grep that matches no check says so, lists the ids, exits 2 and leaves the verdict alone", async () => {
  const earlier = earlierFullVerdict();
  const run = await runToEnd(suiteCommand(["--grep", "@ERROR-SCHEMAX"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(2);
  expect(run.stderr).toContain(`\nno check matches --grep "@ERROR-SCHEMAX"; requirement ids are: ${ids}\n`);
  expect(readFileSync(path.join(dir, "conformance.json"), "utf8")).toBe(earlier);
});

test("--pass-with-no-tests keeps a selection of nothing at exit 0", async () => {
  const run = await runToEnd(suiteCommand(["--grep", "@NOPE", "--pass-with-no-tests"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(0);
  expect(run.stderr).not.toContain("no check matches");
});

test("a one-requirement run writes its verdict to partial/ and keeps the full run's", async () => {
  const earlier = earlierFullVerdict();
  const run = await runToEnd(suiteCommand(["--grep", "@NOT-FOUND-ITWIN"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(0);
  expect(readFileSync(path.join(dir, "conformance.json"), "utf8")).toBe(earlier);
  expect(readFileSync(path.join(dir, "conformance.md"), "utf8")).toBe("**Verdict: FAIL**");
  const partial = JSON.parse(readFileSync(path.join(dir, "partial", "conformance.json"), "utf8")) as ConformanceReport;
  const ran = partial.checks.filter((c) => c.tests.length).map((c) => `${c.id} ${c.verdict}`);
  expect(ran).toEqual([
    "NOT-FOUND-ITWIN pass",
    "LEAK-TOKEN-ECHO pass",
    "ERROR-JSON pass",
    "ERROR-SCHEMA pass",
    "DOCUMENTED-STATUS pass",
  ]);
  expect(run.stdout).toContain("Partial run: conformance verdict for http");
  expect(run.stdout).toContain(": PASS (5 checks: 5 pass, 0 fail, 0 warn, 0 skip)");
  expect(run.stdout).toContain(`\n  (${requirementIds.length - 5} checks not selected by this run)\n`);
  expect(run.stdout).not.toContain("nothing in this run exercised it");
  expect(run.stdout).toContain(
    `Partial run (--grep): its verdict is in ${path.join(dir, "partial", "conformance.json")}; ` +
      `${path.join(dir, "conformance.json")} still holds the last full run's verdict.`,
  );
  expect(readFileSync(path.join(dir, "partial", "conformance.md"), "utf8")).toContain("**Partial run (--grep):**");
});

test("--list shows the requirement ids each test checks, its own and the observed", async () => {
  const run = await runToEnd(suiteCommand(["--list", "--grep", "@NOT-FOUND-ITWIN"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(0);
  expect(run.stdout).toContain(
    "\n  tests/conformance/not-found.spec.ts:6 › an unknown iTwin answers 404 ItwinNotFound and removes nothing: " +
      "NOT-FOUND-ITWIN; observed: DOCUMENTED-STATUS, ERROR-JSON, ERROR-SCHEMA, LEAK-TOKEN-ECHO\n",
  );
});

test("the command line: --requirement runs a requirement's tests, and refuses an unknown id with exit 2", async () => {
  const unknown = await runToEnd(binCommand(["--requirement", "ERROR-SHEMA"]), { reportDir: dir });
  expect({ code: unknown.exitCode, stderr: unknown.stderr }).toEqual({
    code: 2,
    stderr: `unknown requirement "ERROR-SHEMA" (did you mean ERROR-SCHEMA?); requirement ids are: ${ids}\n`,
  });
  const run = await runToEnd(binCommand(["--requirement", "AUTH-WWW-AUTHENTICATE"]), { reportDir: dir });
  expect(run.exitCode, run.output).toBe(0);
  expect(run.report?.checks.find((c) => c.id === "AUTH-WWW-AUTHENTICATE")?.verdict).toBe("pass");
  const nothing = await runToEnd(binCommand(["--grep", "@NOPE"]), { reportDir: dir });
  expect(nothing.exitCode, nothing.output).toBe(2);
  expect(nothing.stderr).toContain(`no check matches --grep "@NOPE"; requirement ids are: ${ids}\n`);
});
