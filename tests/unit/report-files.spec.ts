import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { consoleTable, renderTable } from "../../src/reporting/formats/console-table";
import {
  runFacts,
  verdictFileNames,
  verdictFormats,
  type ReportFormat,
  type RunFacts,
} from "../../src/reporting/formats/verdict-formats";
import { writeVerdictReports } from "../../src/reporting/report-files";
import { conformanceReport } from "../support/check-results";

// The one writer of a verdict's reports: the suite's reporter, the merge of shards and the proxy all call it.

let dir: string;
test.beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "report-files-"))));
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const report = conformanceReport();

test("every format is written, in list order, with the text its render gives", () => {
  const facts = runFacts(report);
  const { written, warnings } = writeVerdictReports(dir, report, facts);
  const formatFiles = verdictFormats.map((f) => f.file);
  expect(written.map((w) => w.file)).toEqual(formatFiles);
  // Then the statement over them; unsigned, without a key, so no bundle.
  expect(readdirSync(dir).sort()).toEqual([...formatFiles, "conformance.intoto.json"].sort());
  expect(verdictFileNames).toEqual([...formatFiles, "conformance.intoto.json", "conformance.sigstore.json"]);
  for (const format of verdictFormats)
    expect(readFileSync(path.join(dir, format.file), "utf8")).toBe(format.render(report, facts, []));
  expect(JSON.parse(readFileSync(path.join(dir, "conformance.json"), "utf8"))).toEqual(report);
  expect(warnings).toEqual([]);
});

test("each format receives the same run facts, and the files written before it", () => {
  const seen: { facts: RunFacts; earlier: string[] }[] = [];
  const spy = (file: string): ReportFormat => ({
    file,
    render: (_, facts, earlier) => (seen.push({ facts, earlier: earlier.map((e) => e.file) }), file),
  });
  // A statement over the other files' digests is one more entry, written after them.
  const digests: ReportFormat = {
    file: "digests.txt",
    render: (_, __, earlier) =>
      earlier.map((e) => `${createHash("sha256").update(e.content).digest("hex")}  ${e.file}\n`).join(""),
  };
  const facts = runFacts({ ...report, shard: { current: 1, total: 2 } }, "--grep");
  writeVerdictReports(dir, report, facts, { formats: [spy("a"), spy("b"), digests] });
  expect(seen).toEqual([
    { facts, earlier: [] },
    { facts, earlier: ["a"] },
  ]);
  expect(seen[0]!.facts).toBe(seen[1]!.facts);
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  expect(readFileSync(path.join(dir, "digests.txt"), "utf8")).toBe(`${sha("a")}  a\n${sha("b")}  b\n`);
});

test("the run facts come from the report and the run's selection", () => {
  expect(runFacts(report)).toEqual({ partial: undefined, shard: null, mode: "suite" });
  expect(runFacts({ ...report, mode: "proxy", shard: { current: 2, total: 3 } }, "--grep")).toEqual({
    partial: "--grep",
    shard: { current: 2, total: 3 },
    mode: "proxy",
  });
});

test("a partial run's facts reach the certificate and the console table", () => {
  const facts = runFacts(report, "--grep");
  writeVerdictReports(dir, report, facts);
  expect(readFileSync(path.join(dir, "conformance.md"), "utf8")).toContain("Partial run (--grep):");
  expect(readFileSync(path.join(dir, "conformance.html"), "utf8")).toContain("Partial run (--grep):");
  expect(consoleTable(report, facts)).toBe(
    renderTable(report.target.baseUrl, report.verdict, report.checks, report.runErrors, true),
  );
  expect(consoleTable(report, facts)).toContain("Partial run: conformance verdict");
});

test("the job summary is appended when asked, and a file it cannot write is one warning", () => {
  const summary = path.join(dir, "summary.md");
  writeFileSync(summary, "# earlier step\n");
  writeVerdictReports(path.join(dir, "reports"), report, runFacts(report), { stepSummary: summary });
  const text = readFileSync(summary, "utf8");
  expect(text.startsWith("# earlier step\n\n")).toBe(true);
  expect(text).toContain(readFileSync(path.join(dir, "reports", "conformance.md"), "utf8"));

  // A file cannot hold another: the summary cannot be written there.
  const { warnings } = writeVerdictReports(path.join(dir, "again"), report, runFacts(report), {
    stepSummary: path.join(summary, "inside.md"),
  });
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain("could not append the conformance summary");
});
