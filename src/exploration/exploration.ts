/**
 * The exploration, after the fixed checks: the coverage phase (each class
 * once, then pairwise; the same on every run), the generation phase (random
 * requests from the seed) and the state model's sequences, within one request
 * budget. Every answer of the operation under test goes through the response
 * observer; the exploration's own oracle is the state (expectation.ts).
 */
import type { RequirementId } from "../../generated/requirements";
import type { FindingSink } from "../checks/observer";
import type { Exchange } from "../client/exchange";
import { coveragePlan } from "./coverage";
import { sendPiled } from "./batches";
import { Budget, Explorer, type Case } from "./explorer";
import type { ExplorationSummary } from "./findings";
import { generationPhase, requestsPerCase } from "./generation";
import { className } from "./request-classes";
import { parseExploreSeed } from "./seed";
import { sequencesPhase } from "./sequences";
import { ExplorationWorld, type WorldOptions } from "./world";

export interface ExploreOptions extends Omit<WorldOptions, "counted" | "findings"> {
  /** The request budget (CONFORMANCE_EXPLORE_REQUESTS) and the resolved seed (CONFORMANCE_EXPLORE_SEED). */
  requests: number;
  seed: string;
  /** The test's findings: the observer's and the exploration's own, each under its requirement. */
  findings: FindingSink & { violation(id: RequirementId, message: string, exchange?: Exchange): void };
  log?: (line: string) => void;
}

export async function explore(options: ExploreOptions): Promise<ExplorationSummary> {
  const startedAt = Date.now();
  const seed = parseExploreSeed(options.seed)!;
  const budget = new Budget(options.requests);
  const world = new ExplorationWorld({ ...options, counted: () => budget.used++ });
  const explorer = new Explorer(world, budget, options.seed, (id, message, exchange) =>
    options.findings.violation(id, message, exchange),
  );
  const cases = { single: 0, pairwise: 0, generated: 0, sequences: 0 };
  const extraRoles: string[] = [];
  try {
    await explorer.start();
    if (!seed.replay) {
      const plan = coveragePlan((part) => explorer.classesOf(part));
      options.log?.(
        `exploration: coverage phase of ${plan.single.length} single-class and ${plan.pairwise.length} pairwise cases, budget ${budget.limit} requests, seed ${options.seed}`,
      );
      cases.single = await coverage(explorer, plan.single);
      cases.pairwise = await coverage(explorer, plan.pairwise);
    }
    // The two phases share what the coverage phase left; generation's batches may spend less than its part.
    const generationAllowance = Math.floor(budget.left * generationShare);
    const sequencesAllowance = budget.left - generationAllowance;
    if (!seed.replay || seed.replay.phase === "generation")
      cases.generated = await generationPhase(explorer, seed, generationAllowance);
    if (world.readsState && (!seed.replay || seed.replay.phase === "sequences")) {
      for (const label of ["second role of the exploration", "third role of the exploration"])
        extraRoles.push(await world.createRole(label));
      cases.sequences = await sequencesPhase(explorer, seed, extraRoles, sequencesAllowance);
    }
  } finally {
    for (const role of extraRoles) await world.deleteRole(role);
  }
  const summary = explorer.summary(cases, startedAt);
  options.log?.(
    `exploration: ${summary.requests} requests, ${cases.single + cases.pairwise} coverage cases, ${cases.generated} generated, ${cases.sequences} sequences, ${summary.findings.length} finding(s)`,
  );
  return summary;
}

/** The generated requests' part of the budget the coverage phase leaves; the sequences have the rest. */
const generationShare = 0.5;

/**
 * The coverage phase's cases, while the budget lasts, in batches
 * (batches.ts). The order depends on the plan alone, so every run sends the
 * same.
 */
function coverage(explorer: Explorer, plan: Case[]): Promise<number> {
  return sendPiled(explorer, plan, {
    more: () => explorer.budget.left >= requestsPerCase * 2,
    result: (index, { problems, exchange }) => {
      const request = plan[index]!.classes.map(className);
      for (const problem of problems)
        explorer.report("coverage", request, problem, exchange, explorer.replayOf(exchange));
    },
  });
}
