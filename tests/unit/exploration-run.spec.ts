import { readSettings } from "../../src/settings/settings";
import { expect, test } from "@playwright/test";
import { createObserver } from "../../src/checks/observer";
import { ApiClient } from "../../src/client/api-client";
import { explore, type ExploreOptions } from "../../src/exploration/exploration";
import { Budget, Explorer } from "../../src/exploration/explorer";
import type { ExplorationSummary } from "../../src/exploration/findings";
import { generationPhase } from "../../src/exploration/generation";
import { parseExploreSeed } from "../../src/exploration/seed";
import { ExplorationWorld } from "../../src/exploration/world";
import { GroupLedger } from "../../src/provisioning/group-ledger";
import { Provisioner } from "../../src/provisioning/provisioner";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import type { DeviationName } from "../../generated/deviations";
import type { RunContext } from "../../src/settings/run-context";
import { randomUUID } from "node:crypto";

// The exploration end to end against the reference service: nothing to find
// there, and faulty implementations (mutants of specs/mutants.yaml) whose
// fault it must find under the requirement it breaks.

async function exploreAgainst(
  deviations: DeviationName[],
  requests: number,
  seed = "1",
  explored: (options: ExploreOptions) => Promise<ExplorationSummary> = explore,
) {
  const { service, ...target } = await startEmbeddedTarget({ deviations });
  try {
    const setupApi = new ApiClient({
      baseUrl: target.baseUrl,
      token: target.adminToken,
      timeoutMs: 10_000,
      retry: { maxRetries: 3, maxWaitSeconds: 5 },
      observe: createObserver(undefined),
    });
    const run = {
      baseUrl: target.baseUrl,
      itwinId: target.itwinId,
      otherItwinId: target.otherItwinId,
      namePrefix: `conformance-suite-exploration-test-${randomUUID().slice(0, 8)}`,
      settings: { ...readSettings({}), requestTimeoutMs: 10_000 },
    } as unknown as RunContext;
    const ledger = new GroupLedger();
    const roleId = await new Provisioner(setupApi, run.itwinId, run.namePrefix, ledger).createRole("exploration test");
    const violations: { id: string; message: string }[] = [];
    const summary = await explored({
      run,
      setupApi,
      groupLedger: ledger,
      roleId,
      unknownId: () => randomUUID(),
      requests,
      seed,
      findings: { seen: () => {}, held: () => {}, violation: (id, message) => violations.push({ id, message }) },
    });
    return { summary, violations };
  } finally {
    await service.close();
  }
}

test.describe.configure({ timeout: 120_000 });

test("the reference service: no finding, and the budget holds", async () => {
  const { summary, violations } = await exploreAgainst([], 300);
  expect(violations).toEqual([]);
  expect(summary.findings).toEqual([]);
  expect(summary.requests).toBeLessThanOrEqual(300);
  expect(summary.cases.single).toBeGreaterThan(50);
});

const faults: [DeviationName, string][] = [
  ["remove-ends-all-memberships", "REMOVE-OTHERS-KEPT"],
  ["any-bearer-accepted", "AUTH-INVALID-TOKEN"],
  ["malformed-id-answers-500", "MALFORMED-ID"],
  ["traversal-reaches-group-delete", "MALFORMED-ID"],
];

for (const [mutant, requirement] of faults) {
  test(`finds ${mutant} under ${requirement}, with a replay`, async () => {
    const { summary, violations } = await exploreAgainst([mutant], 300);
    expect(violations.map((v) => v.id)).toContain(requirement);
    const finding = summary.findings.find((f) => f.requirement === requirement)!;
    expect(finding.replay).toMatch(/^curl /);
    expect(finding.seed).toBe("1");
  });
}

// Removals are sent eight at once, each naming a member of its own; when the state is not what their answers account
// for, each is sent again alone. A fault that ends every membership is then blamed on each removal that caused it, and
// on no refused request of its batch whose member it took along.
test("a batch of removals that the state does not account for is blamed case by case", async () => {
  const { summary, violations } = await exploreAgainst(["remove-ends-all-memberships"], 300);
  expect([...new Set(violations.map((v) => v.id))]).toEqual(["REMOVE-OTHERS-KEPT"]);
  expect(summary.findings.length).toBeGreaterThan(1);
});

/** The generation phase alone, with the whole budget: what it finds, no coverage case found first. */
async function generationAlone(options: ExploreOptions): Promise<ExplorationSummary> {
  const budget = new Budget(options.requests);
  const world = new ExplorationWorld({ ...options, counted: () => budget.used++ });
  const explorer = new Explorer(world, budget, options.seed, (id, message, exchange) =>
    options.findings.violation(id, message, exchange),
  );
  await explorer.start();
  const generated = await generationPhase(explorer, parseExploreSeed(options.seed)!, budget.left);
  return explorer.summary({ single: 0, pairwise: 0, generated, sequences: 0 }, Date.now());
}

// Generated cases go in batches; the first that fails, in the order fast-check drew them, is shrunk one case at a time
// and reported with the seed that replays it alone.
test("a generated case that fails is shrunk to the part that fails, and its seed replays it alone", async () => {
  const { summary } = await exploreAgainst(["query-parameter-answers-500"], 300, "1", generationAlone);
  const [finding] = summary.findings;
  expect(finding?.phase).toBe("generation");
  expect(finding!.request).toEqual([expect.stringMatching(/^query: /)]);
  expect(finding!.seed).toMatch(/^1:generation:\d+(:\d+)+$/);
  const replayed = await exploreAgainst(["query-parameter-answers-500"], 300, finding!.seed, generationAlone);
  expect(replayed.summary.cases.generated).toBe(1);
  const { requirement, request, seed } = finding!;
  expect(replayed.summary.findings[0]).toMatchObject({ requirement, request, seed });
});
