#!/usr/bin/env node
/**
 * `npm run conformance [-- args]`: `playwright test tests/conformance` with
 * the arguments as given. When they hold one of the suite's own flags
 * (`--base-url`, `--requirement`, …), which Playwright does not know and would
 * refuse with exit 1 ("a MUST failed" to a CI job), the command line
 * (src/cli) runs the suite instead and honours them, or refuses what it
 * cannot run with exit 2 and one message. Without arguments nothing but
 * Playwright is loaded.
 */
const { spawn } = require("node:child_process");
const path = require("node:path");

const args = process.argv.slice(2);
const root = path.join(__dirname, "..");

function ownFlagGiven() {
  if (args.length === 0) return false;
  require("tsx/cjs");
  const { settingFlags, playwrightOptions } = require("../src/cli/options.ts");
  const suiteOnly = [
    ...settingFlags.map((f) => f.flag),
    ...playwrightOptions.filter((o) => o.passAs).flatMap((o) => o.names),
  ];
  const end = args.indexOf("--");
  // A setting's variable given as a flag (--CONFORMANCE_BASE_URL) too: the command line names the flag it has.
  const own = (end < 0 ? args : args.slice(0, end)).find(
    (arg) => suiteOnly.includes(arg.split("=")[0]) || /^--conformance[-_]/i.test(arg),
  );
  if (own === undefined) return false;
  const flag = own.split("=")[0];
  const setting = settingFlags.find((f) => f.flag === flag);
  process.stderr.write(
    `npm run conformance: ${flag} is ${setting ? `the flag of ${setting.variable}` : "not an option of Playwright"}; ` +
      "the suite runs through its command line, remove-group-member-conformance (npx remove-group-member-conformance --help)\n",
  );
  return true;
}

if (ownFlagGiven()) {
  require("../src/cli/main.ts").main();
} else {
  const child = spawn(
    process.execPath,
    [require.resolve("@playwright/test/cli"), "test", "tests/conformance", ...args],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  // Ctrl-C reaches Playwright with this process (one process group); a signal to this process alone is passed on.
  // Either way this process waits for Playwright's graceful end and ends as it did.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
}
