import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runToEnd, suiteCommand } from "../support/harness";

test("a run in which no check ran (--list) writes no verdict and leaves the earlier one alone", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "list-"));
  try {
    writeFileSync(path.join(dir, "conformance.json"), JSON.stringify({ verdict: "fail" }));
    const run = await runToEnd(suiteCommand(["--list"]), { reportDir: dir });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report).toBeUndefined();
    expect(existsSync(path.join(dir, "conformance.md"))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, "conformance.json"), "utf8"))).toEqual({ verdict: "fail" });
    expect(run.stdout).toContain("No conformance check ran: no verdict written.");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
