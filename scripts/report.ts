/**
 * Turns the last run's Allure results into an HTML report, offline:
 *   npm run report      (reads CONFORMANCE_REPORT_DIR, default reports/)
 * With CONFORMANCE_HISTORY, Allure keeps its history (and so its trends) in
 * allure-history.jsonl in that folder, beside the suite's own history.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadEnvFile } from "../src/settings/env-file";
import { reportDir } from "../src/reporting/report-dir";
import { allureHistoryFileName, historyDir, runsKeptPerTarget } from "../src/reporting/history";
import { repoRoot } from "../src/validation/spec";

try {
  loadEnvFile();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const reports = reportDir();
const results = path.join(reports, "allure-results");
if (!existsSync(results)) {
  console.error(`no Allure results in ${results}: run npm run conformance first`);
  process.exit(2);
}
// The allure package's own command line (its "bin"), run with this Node.
const cli = path.join(repoRoot, "node_modules", "allure", "cli.js");
const args = [cli, "generate", results, "-o", path.join(reports, "allure-report")];
// Allure 3 takes its history file only from a configuration file (historyPath), not from a flag.
const history = historyDir();
const configDir = history ? mkdtempSync(path.join(tmpdir(), "allure-config-")) : undefined;
if (history && configDir) {
  mkdirSync(history, { recursive: true });
  const config = { historyPath: path.join(history, allureHistoryFileName), historyLimit: runsKeptPerTarget };
  writeFileSync(path.join(configDir, "allurerc.json"), JSON.stringify(config));
  args.push("--config", path.join(configDir, "allurerc.json"));
}
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
if (configDir) rmSync(configDir, { recursive: true, force: true });
process.exit(result.status ?? 1);
