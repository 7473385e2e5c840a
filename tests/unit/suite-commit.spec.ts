import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { contentCommit, gitCommit, suiteCommit } from "../../src/reporting/suite-commit";
import { repoRoot } from "../../src/validation/spec";

// conformance.json's suite.commit: which code of the suite judged the run.

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "suite-commit-"));
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "suite", version: "0.1.0" }));
  for (const folder of ["specs", "src/core", "tests/conformance", "docs"])
    mkdirSync(path.join(dir, folder), { recursive: true });
  writeFileSync(path.join(dir, "specs/spec.yaml"), "openapi: 3.0.3\n");
  writeFileSync(path.join(dir, "src/core/a.ts"), "export const a = 1;\n");
  writeFileSync(path.join(dir, "tests/conformance/a.spec.ts"), "// a check\n");
  writeFileSync(path.join(dir, "docs/readme.md"), "# docs\n");
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const git = (...args: string[]) =>
  execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.test", ...args], {
    encoding: "utf8",
  }).trim();

test("from a git clone: its HEAD, marked +dirty while a tracked file differs from it", () => {
  git("init", "-q");
  git("add", ".");
  git("commit", "-q", "-m", "first");
  const head = git("rev-parse", "HEAD");
  expect(gitCommit(dir)).toBe(head);
  // An untracked file (a report, a scratch file) is not the suite.
  writeFileSync(path.join(dir, "notes.txt"), "scratch\n");
  expect(gitCommit(dir)).toBe(head);
  writeFileSync(path.join(dir, "src/core/a.ts"), "export const a = 2;\n");
  expect(gitCommit(dir)).toBe(`${head}+dirty`);
});

test("from a copy without .git: the package version and a digest of specs/, src/ and tests/conformance/", () => {
  const before = contentCommit(dir);
  expect(before).toMatch(/^0\.1\.0\+sha256:[0-9a-f]{16}$/);
  expect(gitCommit(dir)).toBeUndefined();
  // Outside the judging folders: the same commit.
  writeFileSync(path.join(dir, "docs/readme.md"), "# other docs\n");
  expect(contentCommit(dir)).toBe(before);
  writeFileSync(path.join(dir, "src/core/a.ts"), "export const a = 2;\n");
  const changed = contentCommit(dir);
  expect(changed).not.toBe(before);
  // A file renamed, same content: another commit too.
  rmSync(path.join(dir, "tests/conformance/a.spec.ts"));
  writeFileSync(path.join(dir, "tests/conformance/b.spec.ts"), "// a check\n");
  expect(contentCommit(dir)).not.toBe(changed);
});

test("a copy of the suite without .git gets the digest form; the suite itself its clone's commit", () => {
  const copy = mkdtempSync(path.join(tmpdir(), "suite-copy-"));
  try {
    cpSync(path.join(repoRoot, "package.json"), path.join(copy, "package.json"));
    cpSync(path.join(repoRoot, "specs"), path.join(copy, "specs"), { recursive: true });
    cpSync(path.join(repoRoot, "src"), path.join(copy, "src"), { recursive: true });
    expect(suiteCommit(copy)).toMatch(/^\d+\.\d+\.\d+\S*\+sha256:[0-9a-f]{16}$/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  expect(suiteCommit(repoRoot)).toMatch(/^[0-9a-f]{40}(\+dirty)?$/);
});
