import { expect, test } from "@playwright/test";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import { countGrants } from "../support/grants";
import { runToEnd, suiteCommand } from "../support/harness";

test.describe("client-credentials tokens against the reference service's token endpoint", () => {
  let service: ReferenceService;
  test.afterEach(async () => service.close());

  test("a run that outlives its token passes: the workers fetch new ones in time", async () => {
    // A whole run against an external target, its exploration included.
    test.setTimeout(90_000);
    // Tokens live 3 s; the run takes longer (the rate-limit probe waits out Retry-After), so its first token expires mid-run.
    service = await startReferenceService({ tokenLifetimeSeconds: 3, rateLimit: { limit: 60, windowSeconds: 2 } });
    const grants = countGrants(service);
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: service.baseUrl,
        CONFORMANCE_ITWIN_ID: service.seed.itwinId,
        CONFORMANCE_CLIENT_ID: service.clients.admin.clientId,
        CONFORMANCE_CLIENT_SECRET: service.clients.admin.clientSecret,
        CONFORMANCE_TOKEN_URL: service.tokenUrl,
        CONFORMANCE_RATE_LIMIT_BUDGET: "300",
      },
    });
    expect(run.durationMs, "the run must outlive its first token for this test to mean anything").toBeGreaterThan(3000);
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report?.verdict).toBe("pass");
    expect(grants.get(service.clients.admin.clientId)).toBeGreaterThan(1);
  });
});
