import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../../src/validation/spec";

// Each module of src/ stays small enough to read in one sitting; a larger one is split by responsibility.
const maxLines = 300;

const sourceFiles = readdirSync(path.join(repoRoot, "src"), { recursive: true, encoding: "utf8" })
  .filter((name) => name.endsWith(".ts"))
  .map((name) => path.posix.join("src", name.split(path.sep).join("/")))
  .sort();

test(`no module in src/ is over ${maxLines} lines`, () => {
  const tooLong = sourceFiles
    .map((file) => ({ file, lines: readFileSync(path.join(repoRoot, file), "utf8").split("\n").length - 1 }))
    .filter(({ lines }) => lines > maxLines)
    .map(({ file, lines }) => `${file} (${lines} lines)`);
  expect(tooLong).toEqual([]);
});
