/**
 * Turns the last run's Allure results into an HTML report, offline:
 *   npm run report      (reads CONFORMANCE_REPORT_DIR, default reports/)
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { loadEnvFile } from "../src/settings/env-file";
import { reportDir } from "../src/reporting/report-dir";
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
const result = spawnSync(process.execPath, [cli, "generate", results, "-o", path.join(reports, "allure-report")], {
  stdio: "inherit",
});
process.exit(result.status ?? 1);
