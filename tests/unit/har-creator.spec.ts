import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { assembleHar, exchangeLogDir } from "../../src/reporting/har/har-file";

// A HAR viewer shows log.creator as the tool that wrote the file: the suite's name and version, as HAR 1.2 defines it.

test("exchanges.har's creator is the suite's name and version, not the whole package.json it was read from", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "har-creator-"));
  try {
    mkdirSync(exchangeLogDir(dir), { recursive: true });
    const packageJson = { name: "suite", version: "1.0.0", scripts: { test: "playwright test" }, devDependencies: {} };
    expect(assembleHar(dir, packageJson)).toBe(0);
    const har = JSON.parse(readFileSync(path.join(dir, "exchanges.har"), "utf8")) as { log: { creator: unknown } };
    expect(har.log.creator).toEqual({ name: "suite", version: "1.0.0" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
