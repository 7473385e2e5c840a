import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { HarEntry } from "../../src/reporting/har/har";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { runToEnd, suiteCommand } from "../support/harness";

// A run writes reports/exchanges.har: every exchange it had with the target,
// the provisioning and read-backs too, each tagged with its test and
// requirements, and no secret of the run; and each finding's evidence carries
// a replay that names the credentials' settings, never their values.

test.describe.configure({ timeout: 120_000 });

test("a run writes every exchange to exchanges.har, tagged and without a secret, and a replay for each finding", async () => {
  const target = await startEmbeddedTarget();
  const reportDir = mkdtempSync(path.join(tmpdir(), "exchanges-har-"));
  try {
    const { admin } = target.service.clients;
    const canaries = [target.adminToken, target.expiredToken, admin.clientSecret];
    const grant = target.service.issuer.grant.bind(target.service.issuer);
    target.service.issuer.grant = async (request) => {
      const answer = await grant(request);
      if (answer.ok) canaries.push(answer.accessToken);
      return answer;
    };
    const run = await runToEnd(
      suiteCommand(["--grep", "an expired token from the target's issuer|the token without a scheme"]),
      {
        env: {
          CONFORMANCE_BASE_URL: target.baseUrl,
          CONFORMANCE_ITWIN_ID: target.itwinId,
          CONFORMANCE_CLIENT_ID: admin.clientId,
          CONFORMANCE_CLIENT_SECRET: admin.clientSecret,
          CONFORMANCE_TOKEN_URL: target.service.tokenUrl,
          CONFORMANCE_EXPIRED_TOKEN: target.expiredToken,
        },
        reportDir,
        canaries,
      },
    );
    expect(run.exitCode, run.output).toBe(0);
    const leaks = run.canarySearch!.found.map((l) => `${l.where.join(" › ")}: ${l.context}`);
    expect(leaks, "a secret reached the run's output or reports").toEqual([]);

    const har = JSON.parse(readFileSync(path.join(reportDir, "exchanges.har"), "utf8")) as {
      log: { version: string; entries: HarEntry[] };
    };
    expect(har.log.version).toBe("1.2");
    expect(existsSync(path.join(reportDir, "exchanges")), "the workers' logs were left behind").toBe(false);
    const expired = har.log.entries.filter(
      (e) => e._test === "an expired token from the target's issuer answers 401 and removes nothing",
    );
    const authorizations = expired.map(
      (e) => `${e.request.method} ${e.request.headers.find((h) => h.name === "Authorization")?.value}`,
    );
    // Provisioning (POST), the removal with the expired token, and the read-back with the admin's.
    expect(authorizations).toEqual(
      expect.arrayContaining([
        "POST Bearer $CONFORMANCE_TOKEN",
        "DELETE Bearer $CONFORMANCE_EXPIRED_TOKEN",
        "GET Bearer $CONFORMANCE_TOKEN",
      ]),
    );
    // The test's own requirement, then those the observer judges its answers against.
    expect(expired.every((e) => e._requirements[0] === "AUTH-INVALID-TOKEN")).toBe(true);
    expect(expired[0]?._requirements.slice(1)).toEqual([
      "DOCUMENTED-STATUS(observed)",
      "ERROR-JSON(observed)",
      "ERROR-SCHEMA(observed)",
      "LEAK-TOKEN-ECHO(observed)",
      "AUTH-WWW-AUTHENTICATE(observed)",
    ]);
    const starts = har.log.entries.map((e) => Date.parse(e.startedDateTime));
    expect(starts, "entries are in start order").toEqual([...starts].sort((a, b) => a - b));

    const evidence = run.report?.checks.find((c) => c.id === "AUTH-INVALID-TOKEN")?.evidence;
    expect(evidence?.curl).toMatch(
      /^curl -sS -i -X DELETE -H 'Accept: [^']+' -H "Authorization: (Bearer \$CONFORMANCE_EXPIRED_TOKEN|\$CONFORMANCE_TOKEN)" "\$CONFORMANCE_BASE_URL"'\/itwins\/[^']+\/members\/groups\/[^']+'$/,
    );
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
    await target.service.close();
  }
});
