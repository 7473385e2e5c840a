/**
 * The generation phase: random requests over the request model, drawn by
 * fast-check from the run's seed, as many as the budget leaves. A request
 * that fails is shrunk to the smallest that still fails (fewest parts away
 * from the documented request, the plainest form of each), and reported with
 * the path that replays it (--explore-seed <seed>:generation:<path>).
 */
import fc from "fast-check";
import { InfrastructureError } from "../core/errors";
import { parts, type RequestClass } from "./model";
import type { Case, CaseResult, Explorer } from "./explorer";
import { className } from "./request-classes";
import { replaySeed, type ExploreSeed } from "./seed";

/** Requests one generated case costs on average: itself, a reading of the state, and now and then a re-provisioning. */
export const requestsPerCase = 3;

/** A case: each part documented (most often) or one of its other classes, and the form the classes take. */
export function caseArbitrary(explorer: Explorer): fc.Arbitrary<Case> {
  const perPart = parts.map((part) => {
    const others = explorer.classesOf(part).slice(1);
    // nil (the documented value) four times in five; it is also what shrinking goes back to.
    return others.length ? fc.option(fc.constantFrom(...others), { freq: 5, nil: undefined }) : fc.constant(undefined);
  });
  return fc
    .tuple(fc.tuple(...perPart), fc.nat({ max: 1000 }))
    .map(([chosen, variant]) => ({ classes: chosen.filter((c): c is RequestClass => !!c), variant }));
}

/** `share`: the part of the budget left that this phase may spend; the sequences have the rest. */
export async function generationPhase(explorer: Explorer, seed: ExploreSeed, share: number): Promise<number> {
  const allowance = Math.floor(explorer.budget.left * share);
  const stopAt = explorer.budget.used + allowance;
  const runs = Math.floor(allowance / requestsPerCase);
  const path = seed.replay?.phase === "generation" ? seed.replay.path : undefined;
  if (runs < 1 && !path) return 0;
  let sent = 0;
  let failed: { found: Case; result: CaseResult } | undefined;
  let infrastructure: unknown;
  const property = fc.asyncProperty(caseArbitrary(explorer), async (found) => {
    // With the budget spent, shrinking stops where it is: the smallest failing case so far is reported.
    if (infrastructure || explorer.budget.left < requestsPerCase || (!path && explorer.budget.used >= stopAt))
      return true;
    sent++;
    let result: CaseResult;
    try {
      result = await explorer.run(found);
    } catch (error) {
      // The target or the setup failing is no finding of this case: it ends the phase, and the test, as it is.
      if (!(error instanceof InfrastructureError)) throw error;
      infrastructure = error;
      return true;
    }
    if (!result.problems.length) return true;
    failed = { found, result };
    return false;
  });
  const outcome = await fc.check(property, {
    seed: seed.seed,
    numRuns: path ? 1 : runs,
    ...(path ? { path } : {}),
  });
  if (infrastructure) throw infrastructure;
  if (outcome.failed && failed) {
    const replay = replaySeed(seed.seed, "generation", outcome.counterexamplePath ?? "");
    const request = failed.found.classes.map(className);
    const { exchange } = failed.result;
    for (const problem of failed.result.problems)
      explorer.report("generation", request, problem, exchange, explorer.replayOf(exchange), replay);
  }
  return sent;
}
