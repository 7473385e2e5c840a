import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/validation/spec";
import { childEnv } from "./child-runs";
import { filesUnder, searchForCanaries, type CanarySearch } from "./canary-search";

export interface SuiteRun {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** reports/conformance.json of the run, when it wrote one. */
  report?: {
    verdict: string;
    checks: {
      id: string;
      verdict: string;
      reason: string;
      evidence?: { request: string; status: number; body: string } | null;
    }[];
  };
  /** Where each of `canaries` was found: the run's output and every file it wrote, inside archives and base64 too. */
  leaks: CanarySearch["found"];
  /** What the search could not open, so could not clear. */
  unsearched: CanarySearch["unreadable"];
}

/**
 * Runs the conformance suite as a user would (`playwright test tests/conformance`)
 * in a child process with exactly `env` as its settings: nothing of this
 * process's CONFORMANCE_* or Playwright worker variables leaks into it.
 */
export async function runSuite(
  env: Record<string, string>,
  options: { timeoutMs?: number; args?: string[]; canaries?: string[]; reportDir?: string } = {},
): Promise<SuiteRun> {
  const reportDir = options.reportDir ?? mkdtempSync(path.join(tmpdir(), "conformance-run-"));
  // The configured reporters, all of them, write into reportDir: what a user's run would write.
  const { code, stdout, stderr, durationMs } = await runPlaywright(
    ["test", "tests/conformance", ...(options.args ?? [])],
    { ...env, CONFORMANCE_REPORT_DIR: reportDir },
    options.timeoutMs ?? 90_000,
  );
  let report: SuiteRun["report"];
  try {
    report = JSON.parse(readFileSync(path.join(reportDir, "conformance.json"), "utf8")) as SuiteRun["report"];
  } catch {
    report = undefined;
  }
  const search = options.canaries?.length
    ? searchForCanaries(options.canaries, [
        { name: "stdout", bytes: Buffer.from(stdout) },
        { name: "stderr", bytes: Buffer.from(stderr) },
        ...filesUnder(reportDir),
      ])
    : { found: [], unreadable: [] };
  if (!options.reportDir) rmSync(reportDir, { recursive: true, force: true });
  return { code, stdout, stderr, durationMs, report, leaks: search.found, unsearched: search.unreadable };
}

/**
 * Runs Playwright in a child process from the repository root with exactly
 * `env` as the suite's settings: nothing of this process's CONFORMANCE_* or
 * Playwright worker variables leaks into it, and no .env file is read. Nor
 * does GITHUB_STEP_SUMMARY: a test's run is not the job's to summarise.
 */
export async function runPlaywright(
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string; durationMs: number }> {
  return runNodeScript(require.resolve("@playwright/test/cli"), args, env, { timeoutMs });
}

/**
 * Runs `node script args` as runPlaywright runs Playwright: from the
 * repository root unless `cwd` says otherwise, with exactly `env` as the
 * settings. `onStart` gets the child, to send it a signal.
 */
export async function runNodeScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs: number; cwd?: string; onStart?: (child: ChildProcess) => void },
): Promise<{ code: number | null; stdout: string; stderr: string; durationMs: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  options.onStart?.(child);
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return { code, stdout, stderr, durationMs: Date.now() - started };
}
