/**
 * The command line: `remove-group-member-conformance [options] [-- playwright args]`
 * runs `playwright test tests/conformance` with the flags' settings, from
 * the suite's own directory, and exits with its code.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { SelectionError } from "../catalog/selection";
import { repoRoot } from "../validation/spec";
import { helpText } from "./help";
import { childEnvironment, parseCommandLine, UsageError } from "./parse";
import { runNode } from "./run";
import { mergeCommand } from "./merge-command";
import { proxyCommand } from "./proxy-command";
import { verifyCommand } from "./verify-command";

/** Exit code of a command line the tool cannot run (as for a configuration error). */
const usageErrorExit = 2;

export interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = {
  env: process.env,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function cli(argv: string[], io: Io = processIo): Promise<number> {
  if (argv[0] === "merge") return mergeCommand(argv.slice(1), io);
  if (argv[0] === "proxy") return proxyCommand(argv.slice(1), io);
  if (argv[0] === "verify") return verifyCommand(argv.slice(1), io);
  let command: ReturnType<typeof parseCommandLine>;
  try {
    command = parseCommandLine(argv, io.cwd);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof SelectionError)) throw error;
    io.err(`${error.message}\n`);
    return usageErrorExit;
  }
  if (command.kind === "help") {
    io.out(helpText());
    return 0;
  }
  if (command.kind === "version") {
    io.out(`${packageVersion()}\n`);
    return 0;
  }
  // From the suite's directory, so the config, tests/conformance and its .env are found whatever the user's directory.
  const args = [
    require.resolve("@playwright/test/cli"),
    "test",
    "-c",
    path.join(repoRoot, "playwright.config.ts"),
    "tests/conformance",
    ...command.playwrightArgs,
  ];
  return runNode(args, { cwd: repoRoot, env: childEnvironment(io.env, command.settings, io.cwd) });
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;
}

/** Entry of bin/remove-group-member-conformance.cjs. */
export function main(): void {
  cli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
