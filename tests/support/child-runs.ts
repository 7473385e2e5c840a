import { spawn, type ChildProcess } from "node:child_process";
import { repoRoot } from "../../src/validation/spec";

export interface ChildRun {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
  output(): string;
  /** Sends `signal` to the child and every process it started (Playwright's workers included). */
  signalAll(signal: NodeJS.Signals): void;
}

/**
 * The environment of a child run: this process's, without its suite or
 * Playwright settings (nor a CI job summary to append to), plus `env`, and
 * no .env file unless `env` names one.
 */
export function childEnv(env: Record<string, string>): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(CONFORMANCE_|TEST_|PW_|PLAYWRIGHT_|FORCE_COLOR|JUDGE_|GITHUB_STEP_SUMMARY$)/.test(name),
    ),
  ) as Record<string, string>;
  return { ...inherited, CONFORMANCE_ENV_FILE: "none", ...env, NO_COLOR: "1" };
}

/**
 * Starts a Node entry point (a Playwright run, a script under tsx) from the
 * repository root in a process group of its own, so a test can kill it and
 * everything it started, as a CI runner or Ctrl-C would.
 */
export function startChild(args: string[], env: Record<string, string>): ChildRun {
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    child,
    exited,
    output: () => output,
    signalAll: (signal) => {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // already gone
      }
    },
  };
}

/** The suite (`playwright test tests/conformance`) as a child run. */
export function startSuiteRun(env: Record<string, string>, args: string[] = []): ChildRun {
  return startChild([require.resolve("@playwright/test/cli"), "test", "tests/conformance", ...args], env);
}

/** One of scripts/ through tsx, to its end or `timeoutMs` (then killed). */
export async function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; output: string }> {
  const run = startChild([require.resolve("tsx/cli"), script, ...args], env);
  const timer = setTimeout(() => run.signalAll("SIGKILL"), timeoutMs);
  const code = await run.exited;
  clearTimeout(timer);
  return { code, output: run.output() };
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
