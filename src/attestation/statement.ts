/**
 * The statement of a run: reports/conformance.intoto.json, an in-toto
 * Statement v1 whose subjects are the SHA-256 digests of the run's report
 * files and whose predicate says who judged what, and how it came out. It is
 * what a signature covers (signing.ts) and what `verify` starts from.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ConformanceReport, Implementation } from "../reporting/conformance-report";

export const statementFileName = "conformance.intoto.json";
export const statementType = "https://in-toto.io/Statement/v1";
/** The payload type of a DSSE envelope that carries an in-toto statement. */
export const statementPayloadType = "application/vnd.in-toto+json";
/** This suite's predicate: the verdict of a conformance run. */
export const verdictPredicateType = "urn:itwin-remove-group-member-conformance:verdict:v1";

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface VerdictPredicate {
  suite: { name: string; version: string; commit: string | null };
  spec: { file: string; sha256: string };
  implementation: Implementation;
  operation: string;
  target: ConformanceReport["target"];
  runId: string | null;
  startedAt: string;
  /** Where the verdict comes from: the suite's tests (a run, or a merge of its shards), or the traffic a proxy saw. */
  mode: "suite" | "proxy";
  partial: boolean;
  verdict: ConformanceReport["verdict"];
  requirements: { id: string; level: string; verdict: string }[];
}

export interface Statement {
  _type: typeof statementType;
  subject: Subject[];
  predicateType: typeof verdictPredicateType;
  predicate: VerdictPredicate;
}

export function sha256(bytes: Buffer | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The subjects: each of `files` in `dir`, with its digest. */
export function subjectsOf(dir: string, files: readonly string[]): Subject[] {
  return files
    .filter((name) => existsSync(path.join(dir, name)))
    .map((name) => ({ name, digest: { sha256: sha256(readFileSync(path.join(dir, name))) } }));
}

/** What the statement says of a report: the facts a reader checks before trusting the files. */
export function verdictPredicate(
  report: ConformanceReport,
  facts: { mode: VerdictPredicate["mode"]; partial: string | undefined },
): VerdictPredicate {
  return {
    // A report of an older suite may lack the identity fields: null, as unknown.
    suite: { name: report.suite.name, version: report.suite.version, commit: report.suite.commit ?? null },
    spec: report.spec,
    implementation: {
      name: report.implementation?.name ?? null,
      version: report.implementation?.version ?? null,
    },
    operation: report.operation,
    target: report.target,
    runId: report.runId ?? null,
    startedAt: report.startedAt,
    mode: facts.mode,
    partial: facts.partial !== undefined,
    verdict: report.verdict,
    requirements: report.checks.map((c) => ({ id: c.id, level: c.level, verdict: c.verdict })),
  };
}

export function buildStatement(subjects: Subject[], predicate: VerdictPredicate): Statement {
  return { _type: statementType, subject: subjects, predicateType: verdictPredicateType, predicate };
}

/** The statement's bytes as written: what a signature covers and what the certificate's digest names. */
export function statementBytes(statement: Statement): Buffer {
  return Buffer.from(JSON.stringify(statement, null, 2) + "\n");
}
