/**
 * Writing a run's statement after its report files, and its signature when a
 * signing key is set. The certificate cannot carry the statement's own digest
 * (the statement holds the certificate's), so it carries the run digest: the
 * SHA-256 of the statement's predicate, which `verify` checks against it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import { bundleFileName, signStatement } from "./signing";
import {
  buildStatement,
  sha256,
  statementBytes,
  statementFileName,
  subjectsOf,
  type VerdictPredicate,
} from "./statement";

/** The run digest: what the certificate names, so that a certificate of another run does not pass for this one. */
export function runDigest(predicate: VerdictPredicate): string {
  return sha256(JSON.stringify(predicate));
}

/** Writes conformance.intoto.json over the `files` of `dir` the run wrote (and conformance.sigstore.json with a key). */
export function writeStatement(
  dir: string,
  files: readonly string[],
  predicate: VerdictPredicate,
  signingKey?: KeyObject,
): void {
  const bytes = statementBytes(buildStatement(subjectsOf(dir, files), predicate));
  writeFileSync(path.join(dir, statementFileName), bytes);
  if (signingKey)
    writeFileSync(path.join(dir, bundleFileName), JSON.stringify(signStatement(bytes, signingKey), null, 2) + "\n");
}
