/**
 * Checks a run's reports against their statement:
 *   npm run verify -- <report dir> [--public-key <pem file>]
 * Exit 0 when every digest, the signature and the verdicts hold, 1 naming
 * each thing that does not, 2 for input it cannot read.
 */
import { verifyCommand } from "../src/cli/verify-command";

process.exitCode = verifyCommand(process.argv.slice(2), {
  // npm runs scripts from the package root; the user's paths are relative to where they typed the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
