import path from "node:path";
import { didYouMean } from "../core/did-you-mean";
import { commandSigningKey } from "../attestation/signing-key";
import { configurationErrorExit } from "../core/errors";
import { mergeShardReports } from "../reporting/merge/merge";
import { givenSetting } from "../settings/given";
import { repoRoot } from "../validation/spec";
import { commandName } from "./help";

/** The command line's environment, directory and output (main.ts's Io). */
interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const mergeUsage = `Usage: ${commandName} merge [--report-dir <dir>] <shard report dir> <shard report dir>...`;

/**
 * `remove-group-member-conformance merge <dir>…`: `npm run merge` on the
 * command line. The merged reports go to --report-dir, else
 * CONFORMANCE_REPORT_DIR, else the suite's reports/; relative paths are
 * taken from the current directory, as for a run.
 */
export function mergeCommand(argv: readonly string[], io: Io): number {
  let reportDir: string | undefined;
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      io.out(`${mergeUsage}\n  merges the report directories of a run's shards (--shard=i/n) into one verdict\n`);
      return 0;
    }
    if (arg === "--report-dir" || arg.startsWith("--report-dir=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      if (!value) return usageError("--report-dir needs a value <dir>", io);
      reportDir = value;
    } else if (arg.startsWith("-")) {
      const name = arg.split("=")[0]!;
      return usageError(`unknown option ${name}${didYouMean(name, ["--report-dir", "--help"])}`, io);
    } else {
      dirs.push(path.resolve(io.cwd, arg));
    }
  }
  const given = reportDir ?? givenSetting("CONFORMANCE_REPORT_DIR", io.env);
  const outputDir = given ? path.resolve(io.cwd, given) : path.join(repoRoot, "reports");
  const signingKey = commandSigningKey(io.env, io.err);
  if (signingKey === "refused") return configurationErrorExit;
  return mergeShardReports(dirs, outputDir, {
    out: io.out,
    err: io.err,
    stepSummary: io.env.GITHUB_STEP_SUMMARY,
    signingKey,
  });
}

function usageError(message: string, io: Io): number {
  io.err(`${message}; see ${commandName} merge --help\n`);
  return configurationErrorExit;
}
