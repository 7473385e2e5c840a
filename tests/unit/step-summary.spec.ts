import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { appendStepSummary } from "../../src/reporting/formats/step-summary";

test.describe("the job summary (GITHUB_STEP_SUMMARY)", () => {
  let dir: string;
  test.beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "step-summary-"))));
  test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("the summary is appended after what earlier steps wrote", () => {
    const file = path.join(dir, "summary.md");
    writeFileSync(file, "## Build\n\nbuilt\n");
    expect(appendStepSummary("# Conformance certificate\n", file)).toBeUndefined();
    expect(appendStepSummary("# Second run\n", file)).toBeUndefined();
    expect(readFileSync(file, "utf8")).toBe("## Build\n\nbuilt\n\n# Conformance certificate\n\n# Second run\n");
  });

  test("a file that cannot be written gives one warning line, not an exception", () => {
    const file = path.join(dir, "missing-dir", "summary.md");
    const warning = appendStepSummary("# Conformance certificate\n", file);
    expect(warning).toMatch(
      /^Warning: could not append the conformance summary to GITHUB_STEP_SUMMARY \(.*summary\.md\): ENOENT$/,
    );
  });

  test("unset or empty: nothing is written", () => {
    expect(appendStepSummary("# x\n", undefined)).toBeUndefined();
    expect(appendStepSummary("# x\n", "")).toBeUndefined();
  });
});
