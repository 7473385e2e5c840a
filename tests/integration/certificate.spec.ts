import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runToEnd, suiteCommand } from "../support/harness";

// The certificate a run writes beside its verdict: conformance.md and conformance.html.

test("a run writes the certificate: target, verdict, and each requirement with its evidence", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(tmpdir(), "certificate-run-"));
  try {
    const run = await runToEnd(suiteCommand(["--grep", "unknown group"]), { reportDir: dir });
    expect(run.exitCode, run.output).toBe(0);
    // A --grep run is partial: its certificate is in partial/.
    const markdown = readFileSync(path.join(dir, "partial", "conformance.md"), "utf8");
    const html = readFileSync(path.join(dir, "partial", "conformance.html"), "utf8");
    expect(markdown).toMatch(
      /- \*\*Target:\*\* `http:\/\/127\.0\.0\.1:\d+\/accesscontrol` \(the suite's embedded reference service\)/,
    );
    expect(markdown).toContain("**Verdict: PASS**");
    expect(markdown).toMatch(
      /\| `NOT-FOUND-GROUP` \| MUST \| pass \| An unknown group answers 404 \| +\| `DELETE \/itwins\/[0-9a-f-]{36}\/members\/groups\/[0-9a-f-]{36}` → 404 `\{"error":\{"code":"[A-Za-z]+"/,
    );
    expect(html).toMatch(/<strong>Target:<\/strong> <code>http:\/\/127\.0\.0\.1:\d+\/accesscontrol<\/code>/);
    expect(html).toContain('<strong class="badge pass">Verdict: PASS</strong>');
    expect(html).toMatch(
      /<td class="word"><code>NOT-FOUND-GROUP<\/code><\/td><td class="word">MUST<\/td><td class="word"><span class="verdict pass">pass<\/span><\/td>.*<code>DELETE \/itwins\/[0-9a-f-]{36}\/members\/groups\/[0-9a-f-]{36}<\/code> → 404/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
