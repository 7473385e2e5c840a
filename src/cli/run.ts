import { spawn } from "node:child_process";
import { constants } from "node:os";

/** The exit code of a process that a signal ended, as a shell reports it (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs `node <args>` with the terminal as its stdio and resolves with its
 * exit code. SIGINT and SIGTERM both reach it as SIGINT: Playwright's runner
 * stops gracefully on SIGINT only (tearing the fixtures down, so the suite's
 * data is cleaned up, and writing its reports), while SIGTERM would kill it
 * outright. This process waits for it rather than dying first.
 */
export function runNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: "inherit" });
    let received: NodeJS.Signals | undefined;
    const forward = (signal: NodeJS.Signals) => {
      received ??= signal;
      child.kill("SIGINT");
    };
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];
    for (const signal of signals) process.on(signal, forward);
    const done = (code: number) => {
      for (const signal of signals) process.off(signal, forward);
      resolve(code);
    };
    child.on("error", (error) => {
      console.error(`cannot start the suite: ${error.message}`);
      done(2);
    });
    // Stopped by a signal, the command reports that signal, as a shell would: 130 for SIGINT, 143 for SIGTERM.
    child.on("exit", (code, signal) =>
      done(received ? signalExitCode(received) : (code ?? signalExitCode(signal ?? "SIGTERM"))),
    );
  });
}
