/**
 * A validating proxy in front of a target:
 *   npm run proxy -- --target <base URL> [--port <n>] [--idle-exit <seconds>] [--report-dir <dir>]
 * forwards any client's traffic to the target unchanged and judges what it
 * sees; on SIGINT, SIGTERM or --idle-exit it writes the reports (default
 * CONFORMANCE_REPORT_DIR, else reports/). Exit code 0 or 1 with the
 * verdict, 2 on a bad command line or a target that cannot be reached.
 */
import { proxyCommand } from "../src/cli/proxy-command";

proxyCommand(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
