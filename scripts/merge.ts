/**
 * Merges the report directories of a sharded run (`--shard=i/n`, one
 * CONFORMANCE_REPORT_DIR each) into one set of reports:
 *   npm run merge -- <shard report dir> <shard report dir>…
 * into CONFORMANCE_REPORT_DIR (default reports/). Exit code 0 or 1 with the
 * merged verdict, 2 when the directories are not every shard of one run.
 */
import { loadEnvFile } from "../src/settings/env-file";
import type { KeyObject } from "node:crypto";
import { signingKeyFrom } from "../src/attestation/signing-key";
import { givenSetting } from "../src/settings/given";
import { mergeShardReports } from "../src/reporting/merge/merge";
import { reportDir } from "../src/reporting/report-dir";

let signingKey: KeyObject | undefined;
try {
  loadEnvFile();
  signingKey = signingKeyFrom(givenSetting("CONFORMANCE_SIGNING_KEY"));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
process.exitCode = mergeShardReports(process.argv.slice(2), reportDir(), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stepSummary: process.env.GITHUB_STEP_SUMMARY,
  signingKey,
});
