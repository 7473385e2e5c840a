import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runFacts } from "../../src/reporting/formats/verdict-formats";
import { writeVerdictReports } from "../../src/reporting/report-files";
import { verifyCommand } from "../../src/cli/verify-command";
import { mergeShardReports } from "../../src/reporting/merge/merge";
import { checkResult, conformanceReport, shardReport } from "../support/check-results";

// `verify`: a report directory holds what its statement says, signed by the given key.

const signer = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const pem = (key: KeyObject) => key.export({ type: "spki", format: "pem" }).toString();

const report = conformanceReport({
  checks: [checkResult(), checkResult({ id: "REMOVE-NO-BODY", title: "no body" })],
});

/** A signed report directory, changed by `tamper` before verify reads it. */
function reportDir(tamper: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "verify-"));
  writeVerdictReports(dir, report, runFacts(report), { signingKey: signer.privateKey });
  writeFileSync(path.join(dir, "signer.pem"), pem(signer.publicKey));
  writeFileSync(path.join(dir, "stranger.pem"), pem(stranger.publicKey));
  tamper(dir);
  return dir;
}

function verify(dir: string, args: string[]) {
  let out = "";
  let err = "";
  const code = verifyCommand(args, { cwd: dir, out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

function edit(file: string, change: (text: string) => string): (dir: string) => void {
  return (dir) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), "utf8")));
}

test("a run's reports, unchanged and signed by the given key, verify", () => {
  const dir = reportDir();
  const result = verify(dir, [".", "--public-key", "signer.pem"]);
  expect(result.out).toContain("verified:");
  expect(result.code).toBe(0);
  rmSync(dir, { recursive: true });
});

const tampered: { name: string; tamper: (dir: string) => void; args?: string[]; says: string }[] = [
  {
    name: "a certificate edited by hand",
    tamper: edit("conformance.md", (t) => t + "PASS\n"),
    says: "does not hold: conformance.md: changed since the run",
  },
  {
    name: "a verdict flipped in conformance.json",
    tamper: edit("conformance.json", (t) => t.replace('"verdict": "pass"', '"verdict": "fail"')),
    says: "does not hold: conformance.json: changed since the run",
  },
  {
    name: "a certificate of another run",
    tamper: (dir) => {
      const other = conformanceReport({ checks: report.checks, startedAt: "2026-12-01T08:00:00.000Z" });
      writeVerdictReports(dir, other, runFacts(other), { signingKey: signer.privateKey, formats: [] });
    },
    says: "does not hold: conformance.md: names the run digest of another statement",
  },
  {
    name: "a requirement's verdict flipped in the statement",
    tamper: edit("conformance.intoto.json", (t) =>
      t.replace(/"verdict": "pass"(\s*}\s*\]\s*}\s*}\s*)$/, `"verdict": "fail"$1`),
    ),
    says: "does not hold: conformance.sigstore.json: it signs another statement than conformance.intoto.json",
  },
  {
    name: "another key",
    tamper: () => {},
    args: ["--public-key", "stranger.pem"],
    says: "not by the given key",
  },
  {
    name: "a file the statement names, deleted",
    tamper: (dir) => rmSync(path.join(dir, "conformance.md")),
    says: "does not hold: conformance.md: named by the statement, but missing",
  },
  {
    name: "a signature removed",
    tamper: (dir) => rmSync(path.join(dir, "conformance.sigstore.json")),
    says: "does not hold: conformance.sigstore.json: missing, so nothing is signed",
  },
];

for (const { name, tamper, args = ["--public-key", "signer.pem"], says } of tampered) {
  test(`${name} does not verify`, () => {
    const dir = reportDir(tamper);
    const result = verify(dir, [".", ...args]);
    expect(result.out).toContain(says);
    expect(result.code).toBe(1);
    rmSync(dir, { recursive: true });
  });
}

test("a statement edited without a signature to catch it is caught by conformance.json", () => {
  const dir = reportDir(
    edit("conformance.intoto.json", (t) =>
      t.replace(/"verdict": "pass"(\s*}\s*\]\s*}\s*}\s*)$/, `"verdict": "fail"$1`),
    ),
  );
  const result = verify(dir, ["."]);
  expect(result.out).toContain("does not hold: REMOVE-NO-BODY: the statement says fail, conformance.json says pass");
  expect(result.code).toBe(1);
  rmSync(dir, { recursive: true });
});

const badInput: { name: string; args: (dir: string) => string[]; says: string }[] = [
  { name: "no directory", args: () => [], says: "verify takes one report directory, not 0" },
  { name: "a directory that is not there", args: (d) => [path.join(d, "nope")], says: "is not a directory" },
  {
    name: "a key file that is not there",
    args: () => [".", "--public-key", "nope.pem"],
    says: "--public-key nope.pem: no such file",
  },
  {
    name: "a key that is not PEM",
    args: () => [".", "--public-key", "conformance.md"],
    says: "is not a PEM public key",
  },
  { name: "an unknown option", args: () => [".", "--key", "x"], says: "Unknown option '--key'" },
];

for (const { name, args, says } of badInput) {
  test(`${name} is bad input, exit 2`, () => {
    const dir = reportDir();
    const result = verify(dir, args(dir));
    expect(result.err).toContain(says);
    expect(result.code).toBe(2);
    rmSync(dir, { recursive: true });
  });
}

test("a directory without a statement is bad input, exit 2", () => {
  const dir = reportDir((d) => rmSync(path.join(d, "conformance.intoto.json")));
  const result = verify(dir, ["."]);
  expect(result.err).toContain("has no conformance.intoto.json");
  expect(result.code).toBe(2);
  rmSync(dir, { recursive: true });
});

test("copying a report directory keeps it verifiable", () => {
  const dir = reportDir();
  const copy = mkdtempSync(path.join(tmpdir(), "verify-copy-"));
  cpSync(dir, copy, { recursive: true });
  expect(verify(copy, [".", "--public-key", "signer.pem"]).code).toBe(0);
  rmSync(dir, { recursive: true });
  rmSync(copy, { recursive: true });
});

test("the merge of a run's shards writes a signed statement that verifies", () => {
  const work = mkdtempSync(path.join(tmpdir(), "verify-merge-"));
  const shardDirs = [1, 2].map((current) => {
    const dir = path.join(work, `shard-${current}`);
    mkdirSync(dir);
    const shard = shardReport({ shard: { current, total: 2 }, runId: `r${current}` });
    writeFileSync(path.join(dir, "conformance.json"), JSON.stringify(shard));
    return dir;
  });
  const merged = path.join(work, "merged");
  const code = mergeShardReports(shardDirs, merged, { out: () => {}, err: () => {}, signingKey: signer.privateKey });
  writeFileSync(path.join(merged, "signer.pem"), pem(signer.publicKey));
  expect(code).toBe(0);
  expect(verify(merged, [".", "--public-key", "signer.pem"]).code).toBe(0);
  rmSync(work, { recursive: true });
});
