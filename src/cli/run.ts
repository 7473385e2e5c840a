import { spawn } from "node:child_process";
import { constants } from "node:os";

/** The exit code of a process that a signal ended, as a shell reports it (SIGINT 130, SIGTERM 143). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/**
 * Runs `node <args>` with the terminal as its stdio and resolves with its
 * exit code. SIGINT and SIGTERM are passed on to it, and this process waits
 * for it to finish (Playwright stops gracefully and still writes its
 * reports) rather than dying first and leaving it behind.
 */
export function runNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...options, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => {
      child.kill(signal);
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
    child.on("exit", (code, signal) => done(code ?? signalExitCode(signal ?? "SIGTERM")));
  });
}
