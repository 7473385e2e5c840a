import path from "node:path";
import { expect, test } from "@playwright/test";
import type { DeviationName } from "../../src/reference-service/deviations";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { runSuite } from "../config/run-suite";

// No token leaves a run: the suite runs as a user would run it, in a child
// process with every configured reporter, against the reference service as
// an external target. Its tokens are canaries, searched for in the run's
// output and in every file it wrote. One target also echoes the caller's
// token in its error bodies, which the suite quotes in its findings.

test.describe.configure({ timeout: 120_000 });

async function runWithCanaries(deviations: DeviationName[]) {
  const target = await startEmbeddedTarget({ deviations });
  try {
    // The iTwin id is in every report: the control that shows the search finds what is there.
    const canaries = [target.itwinId, target.adminToken, target.expiredToken, target.noScopeToken];
    const run = await runSuite(
      {
        CONFORMANCE_BASE_URL: target.baseUrl,
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_EXPIRED_TOKEN: target.expiredToken,
        CONFORMANCE_NO_SCOPE_TOKEN: target.noScopeToken,
        CONFORMANCE_ITWIN_ID: target.itwinId,
        CONFORMANCE_RATE_LIMIT_BUDGET: "1000",
      },
      { canaries },
    );
    expect(run.leaks.filter((l) => l.canary === 0).length, "the search did not even find the iTwin id").toBeGreaterThan(0);
    // The certificate quotes response bodies: the search must have read it.
    const searched = run.leaks.filter((l) => l.canary === 0).map((l) => path.basename(l.where));
    expect(searched).toEqual(expect.arrayContaining(["conformance.json", "conformance.md", "conformance.html"]));
    return { ...run, tokenLeaks: run.leaks.filter((l) => l.canary > 0).map((l) => l.where) };
  } finally {
    await target.service.close();
  }
}

test("a passing run writes no token anywhere", async () => {
  const run = await runWithCanaries([]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.report?.verdict).toBe("pass");
  expect(run.tokenLeaks, "a token reached the run's output or reports").toEqual([]);
});

test("a failing run against a target that echoes the token writes no token anywhere", async () => {
  const run = await runWithCanaries(["echo-token-in-not-found"]);
  expect(run.code, run.stdout + run.stderr).toBe(1);
  const notFound = run.report?.checks.find((c) => c.id === "NOT-FOUND-ITWIN");
  expect(notFound?.verdict).toBe("fail");
  expect(notFound?.evidence?.body, "the certificate quotes the echoing body, redacted").toContain("[REDACTED]");
  expect(run.tokenLeaks, "a token reached the run's output or reports").toEqual([]);
});
