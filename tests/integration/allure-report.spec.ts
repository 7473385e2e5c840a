/// <reference lib="dom" />
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, expect, test } from "@playwright/test";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { runToEnd, scriptCommand, suiteCommand, type RunResult } from "../support/harness";

// `npm run report` after a small run (the tests of REMOVE-204) against two targets: one that answers a removal 202
// (a MUST fails), one that announces its 204's empty body with Content-Length: 0 (a SHOULD warns, the run passes).

test.describe.configure({ mode: "default", timeout: 120_000 });

const chromiumPath = "/usr/bin/chromium";
let dir: string;
const runs: Record<"fails" | "warns", { baseUrl: string; suite: RunResult; report: RunResult; output: string }> =
  {} as never;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  dir = mkdtempSync(path.join(tmpdir(), "allure-report-"));
  for (const [name, deviation] of [
    ["fails", "remove-answers-202"],
    ["warns", "204-with-content-length-zero"],
  ] as const) {
    const target = await startEmbeddedTarget({ deviations: [deviation] });
    const reportDir = path.join(dir, name);
    try {
      const env = {
        CONFORMANCE_BASE_URL: target.baseUrl,
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_ITWIN_ID: target.itwinId,
      };
      const suite = await runToEnd(suiteCommand(["--grep", "@REMOVE-204"]), { env, reportDir });
      const report = await runToEnd(scriptCommand("scripts/report.ts"), {
        env: { ...env, CONFORMANCE_HISTORY: path.join(dir, "history") },
        reportDir,
        canaries: [target.adminToken],
      });
      runs[name] = { baseUrl: target.baseUrl, suite, report, output: path.join(reportDir, "allure-report") };
    } finally {
      await target.service.close();
    }
  }
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A data file the single-file report carries inline, base64 JSON in its index.html. */
function inlineData(output: string, file: string): unknown {
  const html = readFileSync(path.join(output, "index.html"), "utf8");
  const data = new RegExp(`d\\("${file}","([A-Za-z0-9+/=]+)"\\)`).exec(html)?.[1];
  if (!data) throw new Error(`${file} is not inline in ${output}/index.html`);
  return JSON.parse(Buffer.from(data, "base64").toString("utf8"));
}

test("the run's verdict is the report's quality gate: a failed MUST fails it, and npm run report exits 1", () => {
  const { suite, report, output } = runs.fails;
  expect(suite.exitCode, suite.output).toBe(1);
  expect(report.exitCode, report.output).toBe(1);
  const gate = JSON.parse(readFileSync(path.join(output, "quality-gate.json"), "utf8")) as { testResults: string[] }[];
  const message =
    "Conformance verdict FAIL: MUST requirement(s) failed: REMOVE-204, DOCUMENTED-STATUS (see conformance.json)";
  expect(gate).toEqual([
    {
      rule: "conformanceVerdict",
      success: false,
      expected: "pass",
      actual: "fail",
      message,
      testResults: expect.any(Array),
    },
  ]);
  expect(gate[0]!.testResults).toHaveLength(2);
  expect(report.stderr).toContain(message);
});

test("a SHOULD that warns passes the gate, as it passes the run: npm run report exits 0", () => {
  const { suite, report, output } = runs.warns;
  expect(suite.exitCode, suite.output).toBe(0);
  expect(suite.report!.checks.find((c) => c.id === "REMOVE-NO-CONTENT-LENGTH")!.verdict).toBe("warn");
  expect(report.exitCode, report.output).toBe(0);
  expect(JSON.parse(readFileSync(path.join(output, "quality-gate.json"), "utf8"))).toEqual([
    {
      rule: "conformanceVerdict",
      success: true,
      expected: "pass",
      actual: "pass",
      message: "Conformance verdict PASS: every MUST requirement checked was met",
      testResults: [],
    },
  ]);
});

test("the report is one index.html with its data inline, named for the target it was run against", () => {
  const { baseUrl, output, report } = runs.warns;
  expect(report.stdout).toBe(`Allure report: ${path.join(output, "index.html")} (opens from disk)\n`);
  expect(readdirSync(output).sort()).toEqual(["index.html", "quality-gate.json", "summary.json", "test-results.json"]);
  const name = `Remove iTwin group member — ${baseUrl}`;
  expect(JSON.parse(readFileSync(path.join(output, "summary.json"), "utf8"))).toMatchObject({ name });
  const title = /<title>([^<]*)<\/title>/.exec(readFileSync(path.join(output, "index.html"), "utf8"))?.[1];
  expect(title?.trim()).toBe(name);
});

test("the report's tests are grouped by the requirements they judged, not by the package", () => {
  const tree = inlineData(runs.fails.output, "widgets/tree.json") as {
    root: { groups: string[]; leaves: string[] };
    groupsById: Record<string, { name: string; statistic: Record<string, number> }>;
  };
  const groups = tree.root.groups.map((id) => tree.groupsById[id]!);
  expect(tree.root.leaves).toEqual([]);
  expect(groups.map((g) => g.name).filter((name) => !/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(name))).toEqual([]);
  expect(groups.find((g) => g.name === "REMOVE-204")?.statistic).toEqual({ total: 2, failed: 2 });
});

test("the report carries no token: not in its page, its data inline or its output", () => {
  for (const { report } of Object.values(runs)) expect(report.canarySearch).toEqual({ found: [], unreadable: [] });
});

test("with CONFORMANCE_HISTORY, each report adds its run to Allure's history there", () => {
  const lines = readFileSync(path.join(dir, "history", "allure-history.jsonl"), "utf8")
    .trim()
    .split("\n");
  expect(lines.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(
    [runs.fails, runs.warns].map((r) => `Remove iTwin group member — ${r.baseUrl}`),
  );
});

const badVerdicts: [string, string | undefined, (file: string) => string][] = [
  ["no conformance.json", undefined, () => "no conformance.json in {dir}: run npm run conformance first"],
  [
    "a conformance.json that is no JSON",
    "{",
    (file) =>
      `${file} cannot be read (Expected property name or '}' in JSON at position 1): run npm run conformance again`,
  ],
  [
    "a conformance.json without a verdict",
    "{}",
    (file) =>
      `${file} is not a conformance.json the suite wrote (no verdict, target or checks): run npm run conformance again`,
  ],
];
for (const [what, content, message] of badVerdicts) {
  test(`results with ${what}: one clear message, exit 2`, async () => {
    const reportDir = path.join(dir, what.replaceAll(" ", "-"));
    mkdirSync(path.join(reportDir, "allure-results"), { recursive: true });
    const file = path.join(reportDir, "conformance.json");
    if (content !== undefined) writeFileSync(file, content);
    const report = await runToEnd(scriptCommand("scripts/report.ts"), { reportDir });
    expect(report.exitCode).toBe(2);
    expect(report.output).toBe(`${message(file).replace("{dir}", reportDir)}\n`);
  });
}

// Opened from the file system, as a downloaded CI artefact is: Allure's default report fetches its data over HTTP
// and shows a spinner forever there. Playwright cannot download its browser here, so this uses Debian's Chromium.
test("opened from disk in Chromium, the report shows its name, requirement groups and failed gate, offline", async () => {
  test.skip(
    !existsSync(chromiumPath),
    `needs Chromium at ${chromiumPath}: install it with apt-get install -y chromium`,
  );
  const browser = await chromium.launch({ executablePath: chromiumPath });
  try {
    const page = await browser.newPage();
    const fetched: string[] = [];
    page.on("request", (request) => {
      if (!/^(file|data|blob):/.test(request.url())) fetched.push(request.url());
    });
    await page.goto(pathToFileURL(path.join(runs.fails.output, "index.html")).href);
    // The page decodes its inline data (megabytes of base64) before it renders: seconds on a busy machine.
    await expect(page.getByText(`Remove iTwin group member — ${runs.fails.baseUrl}`).first()).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByText("REMOVE-204", { exact: true })).toBeVisible();
    await expect(page.getByText("DOCUMENTED-STATUS", { exact: true })).toBeVisible();
    await expect(page.getByText(/Quality Gates\s*1/)).toBeVisible();
    await expect(page.getByText("Conformance verdict")).toBeVisible();
    await expect(page.getByText("FAIL", { exact: true })).toBeVisible();
    // Nothing from the network: no data fetched over HTTP, and none of Allure's analytics, which would send Google
    // the page's title (the target's URL) and address.
    expect(fetched).toEqual([]);
  } finally {
    await browser.close();
  }
});
