import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../../src/validation/spec";

export interface SuiteRun {
  code: number | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** reports/conformance.json of the run, when it wrote one. */
  report?: { verdict: string; checks: { id: string; verdict: string; reason: string }[] };
  /** Where each of `canaries` was found: the run's output and every file it wrote. */
  leaks: string[];
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
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(CONFORMANCE_|TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR)/.test(name)),
  ) as Record<string, string>;
  const cli = require.resolve("@playwright/test/cli");
  const started = Date.now();
  // The configured reporters, all of them, write into reportDir: what a user's run would write.
  const child = spawn(process.execPath, [cli, "test", "tests/conformance", ...(options.args ?? [])], {
    cwd: repoRoot,
    env: { ...inherited, CONFORMANCE_ENV_FILE: "none", ...env, CONFORMANCE_REPORT_DIR: reportDir, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  let report: SuiteRun["report"];
  try {
    report = JSON.parse(readFileSync(path.join(reportDir, "conformance.json"), "utf8")) as SuiteRun["report"];
  } catch {
    report = undefined;
  }
  const leaks = findCanaries(options.canaries ?? [], reportDir, { stdout, stderr });
  if (!options.reportDir) rmSync(reportDir, { recursive: true, force: true });
  return { code, stdout, stderr, durationMs: Date.now() - started, report, leaks };
}

function findCanaries(canaries: string[], dir: string, output: Record<string, string>): string[] {
  if (!canaries.length) return [];
  const found: string[] = [];
  const check = (where: string, text: string) => {
    for (const canary of canaries) if (text.includes(canary)) found.push(where);
  };
  for (const [name, text] of Object.entries(output)) check(name, text);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) check(path.join(entry.parentPath, entry.name), readFileSync(path.join(entry.parentPath, entry.name), "latin1"));
  }
  return found;
}
