import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { certificateHtml, certificateMarkdown } from "./formats/certificate";
import type { ConformanceReport } from "./conformance-report";
import { requirementJunit } from "./formats/requirement-junit";

/**
 * Writes a verdict's report files into `dir`: conformance.json, the
 * certificate (conformance.md, conformance.html) and conformance-junit.xml.
 * Returns the certificate's Markdown, for a CI job summary.
 */
export function writeVerdictReports(dir: string, report: ConformanceReport): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "conformance.json"), JSON.stringify(report, null, 2) + "\n");
  const markdown = certificateMarkdown(report);
  writeFileSync(path.join(dir, "conformance.md"), markdown);
  writeFileSync(path.join(dir, "conformance.html"), certificateHtml(report));
  writeFileSync(path.join(dir, "conformance-junit.xml"), requirementJunit(report));
  return markdown;
}
