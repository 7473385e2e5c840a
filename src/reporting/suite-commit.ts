/**
 * Which code of the suite judged a run: conformance.json's `suite.commit`.
 * From a git clone it is the commit checked out (HEAD), with "+dirty" when
 * tracked files differ from it; without git (a copy, an npm package) it is
 * the package version and a digest of what decides a verdict: the files of
 * specs/, src/ and tests/conformance/. Computed once per process.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/** The folders whose content the digest of a copy covers. */
export const judgingFolders = ["specs", "src", "tests/conformance"] as const;

/** How long git may take: a commit the suite cannot learn quickly is taken from the files instead. */
const gitTimeoutMs = 3_000;

const known = new Map<string, string>();

/** The suite's commit for the suite at `root`: "<sha>", "<sha>+dirty", or "<version>+sha256:<16 hex>". */
export function suiteCommit(root: string): string {
  let commit = known.get(root);
  if (commit === undefined) {
    commit = gitCommit(root) ?? contentCommit(root);
    known.set(root, commit);
  }
  return commit;
}

/** HEAD of the clone at `root` (its .git a folder, or a worktree's file); undefined without one or without git. */
export function gitCommit(root: string): string | undefined {
  if (!existsSync(path.join(root, ".git"))) return undefined;
  try {
    const head = git(root, ["rev-parse", "HEAD"]).trim();
    if (!/^[0-9a-f]{40,64}$/.test(head)) return undefined;
    // Untracked files are left out: reports and scratch files are not the suite.
    const changed = git(root, ["status", "--porcelain", "--untracked-files=no"]).trim();
    return changed ? `${head}+dirty` : head;
  } catch {
    return undefined;
  }
}

/** "<package version>+sha256:<first 16 hex>" over every file of the judging folders, by relative path. */
export function contentCommit(root: string): string {
  const hash = createHash("sha256");
  for (const file of judgingFolders.flatMap((folder) => filesUnder(root, folder)).sort()) {
    const digest = createHash("sha256")
      .update(readFileSync(path.join(root, file)))
      .digest("hex");
    hash.update(`${file}\0${digest}\n`);
  }
  return `${packageVersion(root)}+sha256:${hash.digest("hex").slice(0, 16)}`;
}

function git(root: string, args: string[]): string {
  return execFileSync("git", ["-C", root, ...args], {
    encoding: "utf8",
    timeout: gitTimeoutMs,
    stdio: ["ignore", "pipe", "ignore"],
  });
}

function filesUnder(root: string, folder: string): string[] {
  const dir = path.join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"));
}

function packageVersion(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: unknown };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}
