/**
 * Runs the suite, Playwright, a script under scripts/ or the command-line
 * tool as a child process, the way a user or a CI job would, and gives back
 * one result: exit code, output, duration, the verdict the run wrote, and
 * where any secret canary turned up.
 *
 * Every child runs from the repository root (unless told otherwise) in a
 * process group of its own, with a report directory of its own, and with
 * exactly the settings it is given: nothing of this process's suite or
 * Playwright settings reaches it, nor a .env file, nor a CI job summary.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { binPath } from "../../src/cli/help";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { lastRunVerdictFile } from "../../src/reporting/report-dir";
import { repoRoot } from "../../src/validation/spec";
import { filesUnder, searchForCanaries, type CanarySearch } from "./canary-search";

/** What a child process runs: Node with these arguments. */
export interface Command {
  nodeArgs: string[];
}

const playwrightCli = require.resolve("@playwright/test/cli");

/** The conformance suite as a user runs it: `playwright test tests/conformance`, then `args`. */
export function suiteCommand(args: string[] = []): Command {
  return { nodeArgs: [playwrightCli, "test", "tests/conformance", ...args] };
}

/** Playwright's command line with `args`, for a configuration other than the suite's. */
export function playwrightCommand(args: string[]): Command {
  return { nodeArgs: [playwrightCli, ...args] };
}

/** A TypeScript script (one of scripts/) through tsx, as `npm run` starts it. */
export function scriptCommand(script: string, args: string[] = []): Command {
  return { nodeArgs: [require.resolve("tsx/cli"), script, ...args] };
}

/** npm's own command line, as `npm run` finds it: the one running this process, else the one beside this Node. */
const npmCli =
  process.env.npm_execpath ??
  path.join(path.dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");

/** `npm run -s <script> -- <args>`, with npm between the user and the script as in a terminal. */
export function npmScriptCommand(script: string, args: string[] = []): Command {
  return { nodeArgs: [npmCli, "run", "-s", script, "--", ...args] };
}

/** The package's executable, remove-group-member-conformance. */
export function binCommand(args: string[] = []): Command {
  return { nodeArgs: [path.join(repoRoot, binPath), ...args] };
}

export interface RunOptions {
  /** The child's settings (CONFORMANCE_* and anything else it should see), on top of a clean environment. */
  env?: Record<string, string>;
  /** Working directory; the repository root by default. */
  cwd?: string;
  /**
   * The run's report directory, kept afterwards. Unless this or env's CONFORMANCE_REPORT_DIR names one, each
   * run writes into a temporary directory of its own, removed once the result is read.
   */
  reportDir?: string;
  /**
   * Values that must not leak: searched for in the output and every file of the report directory once the run
   * has ended, so values added to the list while it runs (tokens issued mid-run) are searched for too.
   */
  canaries?: string[];
}

export interface RunResult {
  /** null when a signal ended the process. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Whether the run was killed for outliving its time. */
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
  durationMs: number;
  /** The conformance.json this run wrote; not one left by an earlier run. */
  report?: ConformanceReport;
  /** With `canaries`: where each was found (output, report files, inside archives and base64) and what could not be opened. */
  canarySearch?: CanarySearch;
}

export interface BackgroundRun {
  pid: number;
  /** stdout and stderr so far. */
  output(): string;
  /** Signals the started process alone, as a CI runner cancelling a job signals the command it started. */
  signal(signal: NodeJS.Signals): void;
  /** Signals every process of the run (Playwright's workers too), as Ctrl-C in a terminal does. */
  signalGroup(signal: NodeJS.Signals): void;
  /** Waits for the run to end, killing all of it after `timeoutMs`, and reads what it wrote. */
  finish(timeoutMs?: number): Promise<RunResult>;
}

const defaultTimeoutMs = 90_000;

/**
 * The environment of a child: this process's, without the suite's and
 * Playwright's settings, colour, or a CI job summary to append to; then
 * `env`; no .env file unless `env` names one; never colour codes.
 */
export function childEnvironment(
  env: Record<string, string>,
  inherited: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const kept = Object.entries(inherited).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined &&
      !/^(CONFORMANCE_|TEST_|PW_|PLAYWRIGHT_|JUDGE_|SUITE_|FORCE_COLOR$|GITHUB_STEP_SUMMARY$)/.test(entry[0]),
  );
  return { ...Object.fromEntries(kept), CONFORMANCE_ENV_FILE: "none", ...env, NO_COLOR: "1" };
}

/** Runs `command` to its end, or kills all of it after `timeoutMs`. */
export function runToEnd(command: Command, options: RunOptions & { timeoutMs?: number } = {}): Promise<RunResult> {
  return startInBackground(command, options).finish(options.timeoutMs);
}

/** Starts `command` in a process group of its own, for a test to signal while it runs; `finish` it in every case. */
export function startInBackground(command: Command, options: RunOptions = {}): BackgroundRun {
  const cwd = options.cwd ?? repoRoot;
  const givenReportDir = options.env?.CONFORMANCE_REPORT_DIR ?? options.reportDir;
  const reportDir = givenReportDir
    ? path.resolve(cwd, givenReportDir)
    : mkdtempSync(path.join(tmpdir(), "conformance-run-"));
  const started = Date.now();
  const child = spawn(process.execPath, command.nodeArgs, {
    cwd,
    env: childEnvironment({ CONFORMANCE_REPORT_DIR: reportDir, ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const pid = child.pid!;
  let stdout = "";
  let stderr = "";
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => ((stdout += chunk.toString()), (output += chunk.toString())));
  child.stderr.on("data", (chunk: Buffer) => ((stderr += chunk.toString()), (output += chunk.toString())));
  const ended = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on("close", (code, signal) => resolve([code, signal])),
  );
  const leftover = { pid, temporaryDir: givenReportDir ? undefined : reportDir };
  running.add(leftover);

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the whole group has ended
    }
  };

  return {
    pid,
    output: () => output,
    signal: (signal) => void child.kill(signal),
    signalGroup,
    async finish(timeoutMs = defaultTimeoutMs) {
      let timedOut = false;
      const timer = setTimeout(() => ((timedOut = true), signalGroup("SIGKILL")), timeoutMs);
      const [exitCode, signal] = await ended.finally(() => clearTimeout(timer));
      const durationMs = Date.now() - started;
      running.delete(leftover);
      const report = reportWrittenSince(reportDir, started);
      const canarySearch = options.canaries?.length
        ? searchForCanaries(options.canaries, [
            { name: "stdout", bytes: Buffer.from(stdout) },
            { name: "stderr", bytes: Buffer.from(stderr) },
            ...filesUnder(reportDir),
          ])
        : undefined;
      if (leftover.temporaryDir) rmSync(leftover.temporaryDir, { recursive: true, force: true });
      return { exitCode, signal, timedOut, stdout, stderr, output, durationMs, report, canarySearch };
    },
  };
}

/**
 * The last run's conformance.json in `dir`: in its partial/ folder where a
 * partial run (a --grep, a file filter) writes its verdict, else its own;
 * undefined when there is none or it does not parse.
 */
export function readReport(dir: string): ConformanceReport | undefined {
  const file = newestVerdict(dir);
  try {
    return file ? (JSON.parse(readFileSync(file.path, "utf8")) as ConformanceReport) : undefined;
  } catch {
    return undefined;
  }
}

/** The last run's verdict file (a partial run's, while partial/ holds one) and when it was written. */
function newestVerdict(dir: string): { path: string; mtimeMs: number } | undefined {
  const file = lastRunVerdictFile(dir);
  try {
    return { path: file, mtimeMs: statSync(file).mtimeMs };
  } catch {
    return undefined;
  }
}

function reportWrittenSince(dir: string, since: number): ConformanceReport | undefined {
  // A verdict an earlier run left is not this run's (a run that checks nothing leaves it alone).
  const file = newestVerdict(dir);
  return file && file.mtimeMs > since ? readReport(dir) : undefined;
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

// A test that times out never finishes its run; its worker then exits, and must not leave the run behind.
const running = new Set<{ pid: number; temporaryDir?: string }>();
process.on("exit", () => {
  for (const { pid, temporaryDir } of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already ended
    }
    if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
  }
});
