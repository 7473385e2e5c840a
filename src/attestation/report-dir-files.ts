/** Reading a report directory for `verify`: what is missing or unreadable there is bad input, exit 2. */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** Input that `verify` cannot work with: it says what to give instead. */
export class VerifyInputError extends Error {}

export function readReportDir(dir: string): string {
  const resolved = path.resolve(dir);
  if (!existsSync(resolved) || !statSync(resolved).isDirectory())
    throw new VerifyInputError(`${dir} is not a directory: give the report directory of a run (default reports/)`);
  return resolved;
}

/** A JSON file of the report directory, parsed; `what` names it in the message. */
export function readJson(file: string, what: string): unknown {
  if (!existsSync(file)) throw new VerifyInputError(`${what} is missing: ${file}`);
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new VerifyInputError(`${what} is not JSON: ${file}`);
  }
}
