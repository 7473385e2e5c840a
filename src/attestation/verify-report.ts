/**
 * `verify`: does a report directory hold what its statement says, signed by
 * the given key, with verdicts that follow from its evidence? Each thing that
 * does not hold is one line naming the file, the requirement or the exchange.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { KeyObject } from "node:crypto";
import type { ConformanceReport } from "../reporting/conformance-report";
import { verdictFormats } from "../reporting/formats/verdict-formats";
import { harFileName } from "../reporting/har/har-file";
import { rejudge } from "./rejudge";
import { readJson, readReportDir, VerifyInputError } from "./report-dir-files";
import { signatureProblem } from "./signature-check";
import { bundleFileName } from "./signing";
import { runDigest } from "./write-statement";
import {
  sha256,
  statementFileName,
  statementPayloadType,
  statementType,
  verdictPredicateType,
  type Statement,
} from "./statement";

export interface VerifyOutcome {
  /** What does not hold; empty when everything does. */
  problems: string[];
  /** What was checked, one line each, for the person reading the result. */
  checked: string[];
}

function readStatement(dir: string): { statement: Statement; bytes: Buffer } {
  const file = path.join(dir, statementFileName);
  if (!existsSync(file))
    throw new VerifyInputError(
      `${dir} has no ${statementFileName}: give the report directory of a run that reached a verdict`,
    );
  const statement = readJson(file, statementFileName) as Statement;
  if (statement?._type !== statementType || statement.predicateType !== verdictPredicateType)
    throw new VerifyInputError(`${statementFileName} is not a statement of this suite's verdict`);
  return { statement, bytes: readFileSync(file) };
}

function digestProblems(dir: string, statement: Statement): string[] {
  const problems: string[] = [];
  const named = new Set(statement.subject.map((s) => s.name));
  for (const { name, digest } of statement.subject) {
    const file = path.join(dir, path.basename(name));
    if (!existsSync(file)) problems.push(`${name}: named by the statement, but missing`);
    else if (sha256(readFileSync(file)) !== digest.sha256)
      problems.push(`${name}: changed since the run (its SHA-256 is not the one the statement names)`);
  }
  // A report file beside the statement that it does not cover would pass for the run's without being checked.
  for (const name of [...verdictFormats.map((f) => f.file), harFileName])
    if (!named.has(name) && existsSync(path.join(dir, name))) problems.push(`${name}: not covered by the statement`);
  if (!named.has("conformance.json")) problems.push("conformance.json: not covered by the statement");
  return problems;
}

function signatureProblems(dir: string, statementBytes: Buffer, publicKey: KeyObject): string[] {
  const file = path.join(dir, bundleFileName);
  if (!existsSync(file)) return [`${bundleFileName}: missing, so nothing is signed`];
  const bundle = readJson(file, bundleFileName) as { dsseEnvelope?: { payload?: string; payloadType?: string } };
  const problem = signatureProblem(bundle, publicKey);
  if (problem) return [`${bundleFileName}: ${problem}`];
  const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? "", "base64");
  if (bundle.dsseEnvelope?.payloadType !== statementPayloadType || !payload.equals(statementBytes))
    return [`${bundleFileName}: it signs another statement than ${statementFileName}`];
  return [];
}

/** Each certificate names the run digest of the statement it belongs to. */
function certificateProblems(dir: string, statement: Statement): string[] {
  const expected = runDigest(statement.predicate);
  return ["conformance.md", "conformance.html"]
    .filter((name) => existsSync(path.join(dir, name)))
    .flatMap((name) => {
      const named = /Run digest: (?:<code>|`)sha256:([0-9a-f]{64})/.exec(
        readFileSync(path.join(dir, name), "utf8"),
      )?.[1];
      if (!named) return [`${name}: names no run digest`];
      return named === expected ? [] : [`${name}: names the run digest of another statement (sha256:${named})`];
    });
}

/** The statement's verdicts against conformance.json's, and the run's verdict against its requirements'. */
function verdictProblems(statement: Statement, report: ConformanceReport): string[] {
  const problems: string[] = [];
  const said = new Map(statement.predicate.requirements.map((r) => [r.id, r.verdict]));
  if (statement.predicate.verdict !== report.verdict)
    problems.push(
      `verdict: the statement says ${statement.predicate.verdict}, conformance.json says ${report.verdict}`,
    );
  for (const check of report.checks) {
    const stated = said.get(check.id);
    if (stated !== check.verdict)
      problems.push(`${check.id}: the statement says ${stated ?? "nothing"}, conformance.json says ${check.verdict}`);
  }
  const follows = report.checks.some((c) => c.verdict === "fail") || report.runErrors.length ? "fail" : "pass";
  if (report.verdict !== follows)
    problems.push(`verdict: conformance.json says ${report.verdict}, but its requirements' verdicts give ${follows}`);
  return problems;
}

export function verifyReportDir(dir: string, publicKey?: KeyObject): VerifyOutcome {
  const resolved = readReportDir(dir);
  const { statement, bytes } = readStatement(resolved);
  const checked: string[] = [];
  const problems = digestProblems(resolved, statement);
  checked.push(`digests of ${statement.subject.length} files (${statement.subject.map((s) => s.name).join(", ")})`);
  if (publicKey) {
    problems.push(...signatureProblems(resolved, bytes, publicKey));
    checked.push(`the signature (${bundleFileName}) against the given public key`);
  } else if (existsSync(path.join(resolved, bundleFileName))) {
    checked.push(`not the signature: ${bundleFileName} is there, give --public-key to check it`);
  }
  problems.push(...certificateProblems(resolved, statement));
  const report = readJson(path.join(resolved, "conformance.json"), "conformance.json") as ConformanceReport;
  problems.push(...verdictProblems(statement, report));
  checked.push(`${report.checks.length} requirements' verdicts against the statement`);
  const har = path.join(resolved, "exchanges.har");
  if (existsSync(har)) {
    const judged = rejudge(report, readJson(har, "exchanges.har"));
    problems.push(...judged.problems);
    checked.push(...judged.checked);
  } else {
    checked.push("no exchanges.har: no verdict re-judged from its evidence");
  }
  return { problems, checked };
}
