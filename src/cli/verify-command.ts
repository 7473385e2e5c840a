import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { KeyObject } from "node:crypto";
import { verifyReportDir } from "../attestation/verify-report";
import { VerifyInputError } from "../attestation/report-dir-files";
import { KeyError, publicKeyFromPem } from "../attestation/keys";
import { configurationErrorExit } from "../core/errors";
import { commandName } from "./help";

/** The command line's directory and output (main.ts's Io). */
interface Io {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

export const verifyUsage = `Usage: ${commandName} verify <report dir> [--public-key <pem file>]`;

const helpText = `${verifyUsage}
  checks a run's reports against their statement (conformance.intoto.json): every file's digest, the signature
  (conformance.sigstore.json) for the given Ed25519 public key, and that the verdicts follow from exchanges.har.
  Exit 0 when everything holds, 1 naming each thing that does not, 2 for input it cannot read.
`;

function publicKeyFrom(file: string, cwd: string): KeyObject {
  const resolved = path.resolve(cwd, file);
  if (!existsSync(resolved)) throw new VerifyInputError(`--public-key ${file}: no such file`);
  return publicKeyFromPem(readFileSync(resolved, "utf8"), `--public-key ${file}`);
}

/** `verify <dir> [--public-key <pem>]`: `npm run verify` and the command line's `verify`. */
export function verifyCommand(argv: readonly string[], io: Io): number {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n${verifyUsage}\n`);
    return configurationErrorExit;
  }
  if (args.values.help) {
    io.out(helpText);
    return 0;
  }
  if (args.positionals.length !== 1) {
    io.err(`verify takes one report directory, not ${args.positionals.length}\n${verifyUsage}\n`);
    return configurationErrorExit;
  }
  try {
    const key = args.values["public-key"] === undefined ? undefined : publicKeyFrom(args.values["public-key"], io.cwd);
    const dir = path.resolve(io.cwd, args.positionals[0]!);
    const outcome = verifyReportDir(dir, key);
    for (const line of outcome.checked) io.out(`checked: ${line}\n`);
    if (!outcome.problems.length) {
      io.out(`verified: ${dir}\n`);
      return 0;
    }
    for (const problem of outcome.problems) io.out(`does not hold: ${problem}\n`);
    io.out(`not verified: ${outcome.problems.length} thing${outcome.problems.length === 1 ? "" : "s"} do not hold\n`);
    return 1;
  } catch (error) {
    if (!(error instanceof VerifyInputError) && !(error instanceof KeyError)) throw error;
    io.err(`${error.message}\n`);
    return configurationErrorExit;
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { "public-key": { type: "string" }, help: { type: "boolean", short: "h" } },
  });
}
