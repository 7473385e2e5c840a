import { expect, test } from "@playwright/test";
import { requirements } from "../../generated/requirements";
import { platformScope } from "../../src/reference-service/auth";
import { faultCatalog, type FaultName } from "../../src/reference-service/faults";
import { startReferenceService } from "../../src/reference-service/server";
import { runSuite } from "../config/run-suite";

// The suite's verdicts, proven: run as a user would run it against an external
// target (the reference service on loopback, faithful or with one deliberate
// fault), it passes the faithful one and fails each broken one on the
// requirement that fault breaks.

// Each case is a whole run of the suite in a child process, several at a time on a small machine.
test.describe.configure({ timeout: 180_000 });

async function judge(faults: FaultName[]) {
  const service = await startReferenceService({ faults, rateLimit: { limit: 100, windowSeconds: 1 } });
  try {
    const mint = (lifetimeSeconds: number) =>
      service.issuer.mint({ clientId: service.clients.admin.clientId, scopes: [platformScope], lifetimeSeconds });
    const token = await mint(600);
    const expiredToken = await mint(-120);
    const noScopeToken = await service.issuer.mint({ clientId: service.clients.admin.clientId, scopes: ["openid"], lifetimeSeconds: 600 });
    const run = await runSuite(
      {
        CONFORMANCE_BASE_URL: service.baseUrl,
        CONFORMANCE_TOKEN: token,
        CONFORMANCE_EXPIRED_TOKEN: expiredToken,
        CONFORMANCE_NO_SCOPE_TOKEN: noScopeToken,
        CONFORMANCE_ITWIN_ID: service.seed.itwinId,
        CONFORMANCE_RATE_LIMIT_BUDGET: "1000",
      },
      // The tokens are canaries: no output or report of the run may hold them.
      { canaries: [token, expiredToken, noScopeToken] },
    );
    expect(run.leaks, "a token reached the run's output or reports").toEqual([]);
    return run;
  } finally {
    await service.close();
  }
}

test("a faithful implementation passes: exit 0, verdict pass, every check pass", async () => {
  const run = await judge([]);
  expect(run.code, run.stdout + run.stderr).toBe(0);
  expect(run.report?.verdict).toBe("pass");
  expect(run.report?.checks.filter((c) => c.verdict !== "pass")).toEqual([]);
});

const levelOf = new Map<string, string>(requirements.map((r) => [r.id, r.level]));

for (const [name, fault] of Object.entries(faultCatalog) as [FaultName, (typeof faultCatalog)[FaultName]][]) {
  const breaksMust = fault.breaks.some((id) => levelOf.get(id) === "MUST");
  test(`fault ${name} ${breaksMust ? "fails the run on" : "passes the run with a warning on"} ${fault.breaks.join(", ")}`, async () => {
    const run = await judge([name]);
    const verdictOf = new Map(run.report?.checks.map((c) => [c.id, c.verdict]));
    const context = `${fault.description}\n${run.stdout}${run.stderr}`;
    expect(run.code, context).toBe(breaksMust ? 1 : 0);
    expect(run.report?.verdict, context).toBe(breaksMust ? "fail" : "pass");
    for (const id of fault.breaks) expect(verdictOf.get(id), `${id}: ${context}`).toBe(levelOf.get(id) === "MUST" ? "fail" : "warn");
  });
}
