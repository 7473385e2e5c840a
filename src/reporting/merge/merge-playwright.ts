import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../../validation/spec";

/**
 * Playwright's and Allure's reports of the shards, merged into `outputDir`:
 * the shards' blob reports through `playwright merge-reports` (junit.xml,
 * html/, playwright.json, with the suite's options), and the Allure results
 * copied together (one file per test result, uniquely named). Returns a
 * warning per report that could not be merged; the verdict does not depend
 * on them.
 */
export function mergePlaywrightReports(dirs: readonly string[], outputDir: string): string[] {
  const warnings: string[] = [];
  const withoutBlob = dirs.filter((dir) => blobsOf(dir).length === 0);
  if (withoutBlob.length) {
    warnings.push(
      `Warning: ${withoutBlob.join(", ")} has no blob-report/ (written by a run with --shard): junit.xml, html/ and playwright.json not merged`,
    );
  } else {
    const warning = mergeBlobs(dirs, outputDir);
    if (warning) warnings.push(warning);
  }
  for (const dir of dirs) {
    const results = path.join(dir, "allure-results");
    if (existsSync(results)) cpSync(results, path.join(outputDir, "allure-results"), { recursive: true });
  }
  return warnings;
}

function blobsOf(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, "blob-report")).filter((name) => name.endsWith(".zip"));
  } catch {
    return [];
  }
}

function mergeBlobs(dirs: readonly string[], outputDir: string): string | undefined {
  const blobs = mkdtempSync(path.join(tmpdir(), "conformance-blobs-"));
  try {
    dirs.forEach((dir, i) => {
      for (const name of blobsOf(dir))
        copyFileSync(path.join(dir, "blob-report", name), path.join(blobs, `${i}-${name}`));
    });
    const result = spawnSync(
      process.execPath,
      [require.resolve("@playwright/test/cli"), "merge-reports", "--config", "playwright.merge.config.ts", blobs],
      { cwd: repoRoot, env: { ...process.env, CONFORMANCE_REPORT_DIR: outputDir }, encoding: "utf8" },
    );
    if (result.status === 0) return undefined;
    const reason = `${result.stderr ?? ""}${result.error?.message ?? ""}`.trim().split("\n")[0];
    return `Warning: Playwright could not merge the blob reports: ${reason || `exit code ${result.status}`}`;
  } finally {
    rmSync(blobs, { recursive: true, force: true });
  }
}
