import path from "node:path";
import { expect, test } from "@playwright/test";
import type { DeviationName } from "../../src/reference-service/deviations/switchboard";
import { identityClients, startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { identities, identitySettingNames } from "../../src/settings/identities";
import { runToEnd, suiteCommand } from "../support/harness";

// No token leaves a run: the suite runs as a user would run it, in a child
// process with every configured reporter and with traces on, against the
// reference service as an external target. Its tokens are canaries, searched
// for in the run's output and in every file it wrote, inside the trace zips,
// the HTML report's embedded zip and anything base64 too. One target also
// echoes the caller's token in its error bodies, which the suite quotes in
// its findings.

test.describe.configure({ timeout: 120_000 });

async function runWithCanaries(deviations: DeviationName[], credentials: "token" | "client-credentials") {
  // Client credentials with tokens that live 4 s: the workers fetch new ones mid-run, and those are canaries too.
  const target = await startEmbeddedTarget({
    deviations,
    tokenLifetimeSeconds: credentials === "token" ? undefined : 4,
  });
  try {
    const { admin } = target.service.clients;
    // The iTwin id is in every report: the control that shows the search finds what is there.
    // Each identity beside the admin's, as its token or as its client.
    const others = identities.map((identity) => ({
      names: identitySettingNames(identity),
      token: target.identities[identity.key].token,
      client: target.service.clients[identityClients[identity.key]],
    }));
    const canaries = [
      target.itwinId,
      target.adminToken,
      target.expiredToken,
      target.noScopeToken,
      admin.clientSecret,
      ...others.flatMap(({ token, client }) => [token, client.clientSecret]),
    ];
    const seeded = canaries.length;
    // Every token the service issues during the run joins the canaries; the search runs after the run.
    const grant = target.service.issuer.grant.bind(target.service.issuer);
    target.service.issuer.grant = async (request) => {
      const answer = await grant(request);
      if (answer.ok) canaries.push(answer.accessToken);
      return answer;
    };
    const identity: Record<string, string> =
      credentials === "token"
        ? { CONFORMANCE_TOKEN: target.adminToken }
        : {
            CONFORMANCE_CLIENT_ID: admin.clientId,
            CONFORMANCE_CLIENT_SECRET: admin.clientSecret,
            ...Object.fromEntries(
              others.flatMap(({ names, client }) => [
                [names.clientId, client.clientId],
                [names.clientSecret, client.clientSecret],
              ]),
            ),
            CONFORMANCE_TOKEN_URL: target.service.tokenUrl,
          };
    const run = await runToEnd(suiteCommand(["--trace", "on"]), {
      env: {
        CONFORMANCE_BASE_URL: target.baseUrl,
        ...identity,
        CONFORMANCE_EXPIRED_TOKEN: target.expiredToken,
        ...(credentials === "token" ? Object.fromEntries(others.map(({ names, token }) => [names.token, token])) : {}),
        CONFORMANCE_OTHER_ITWIN_ID: target.otherItwinId,
        CONFORMANCE_NO_SCOPE_TOKEN: target.noScopeToken,
        CONFORMANCE_ITWIN_ID: target.itwinId,
        CONFORMANCE_RATE_LIMIT_BUDGET: "1000",
      },
      canaries,
    });
    const search = run.canarySearch;
    expect(search, "the run's output and reports were not searched").toBeDefined();
    // Unopened, an archive proves nothing either way.
    expect(search!.unreadable, "the search could not open some of what the run wrote").toEqual([]);
    const control = search!.found.filter((l) => l.canary === 0);
    expect(control.length, "the search did not even find the iTwin id").toBeGreaterThan(0);
    // Assertion titles quote the URLs requested, so the iTwin id is in every trace and in the HTML report's data.
    expect(
      control.some(inside(/(^|[\\/])trace\.zip$/, 2)),
      "the search did not find the iTwin id inside a trace.zip",
    ).toBe(true);
    expect(
      control.some(inside(/^html[\\/]index\.html$/, 3)),
      "the search did not find the iTwin id inside the HTML report's embedded zip",
    ).toBe(true);
    // The certificate quotes response bodies, the exchange log holds them all: the search must have read both.
    const searched = control.map((l) => path.basename(l.where[0] ?? ""));
    expect(searched).toEqual(
      expect.arrayContaining(["conformance.json", "conformance.md", "conformance.html", "exchanges.har"]),
    );
    const tokenLeaks = search!.found.filter((l) => l.canary > 0).map((l) => `${l.where.join(" › ")}: ${l.context}`);
    return { ...run, tokenLeaks, issuedDuringRun: canaries.length - seeded };
  } finally {
    await target.service.close();
  }
}

/** A finding at least `depth` steps into a file named like `file` (2: a zip's entry; 3: an entry of a base64 zip in it), not in its bytes as written. */
function inside(file: RegExp, depth: number) {
  return (finding: { where: string[] }) => finding.where.length >= depth && file.test(finding.where[0]!);
}

test("a passing run with client credentials writes no secret anywhere: not the client secret, not a token fetched mid-run", async () => {
  const run = await runWithCanaries([], "client-credentials");
  expect(run.exitCode, run.output).toBe(0);
  expect(run.report?.verdict).toBe("pass");
  expect(run.tokenLeaks, "a token reached the run's output or reports").toEqual([]);
  expect(
    run.issuedDuringRun,
    "tokens were fetched again mid-run, so the search covered refreshed ones",
  ).toBeGreaterThan(2);
  // Each identity's token was fetched and used: the authorization checks ran.
  for (const id of ["AUTHZ-REFUSED", "AUTHZ-PERMISSION-REMOVES", "AUTHZ-ORG-ADMIN-REMOVES"])
    expect(run.report?.checks.find((c) => c.id === id)?.verdict, id).toBe("pass");
});

test("a failing run against a target that echoes the token writes no token anywhere", async () => {
  const run = await runWithCanaries(["echo-token-in-not-found"], "token");
  expect(run.exitCode, run.output).toBe(1);
  const notFound = run.report?.checks.find((c) => c.id === "NOT-FOUND-ITWIN");
  expect(notFound?.verdict).toBe("fail");
  expect(notFound?.evidence?.body, "the certificate quotes the echoing body, redacted").toContain("[REDACTED]");
  expect(run.tokenLeaks, "a token reached the run's output or reports").toEqual([]);
});
