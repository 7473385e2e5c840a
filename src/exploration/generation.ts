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
import { sendPiled } from "./batches";
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

/**
 * `allowance`: the requests this phase may spend. The cases are drawn ahead
 * (fc.sample draws what fc.check would, in the same order) and sent in
 * batches (batches.ts); the first that fails, in the order drawn, is then
 * replayed by its path through fc.check, one case at a time, which shrinks
 * it. A replay (--explore-seed with a path) goes straight to that step.
 */
export async function generationPhase(explorer: Explorer, seed: ExploreSeed, allowance: number): Promise<number> {
  const stopAt = explorer.budget.used + allowance;
  const runs = Math.floor(Math.min(allowance, explorer.budget.left) / requestsPerCase);
  let path = seed.replay?.phase === "generation" ? seed.replay.path : undefined;
  if (runs < 1 && !path) return 0;
  let sent = 0;
  let first: { index: number; found: Case; result: CaseResult } | undefined;
  if (path === undefined) {
    const drawn = fc.sample(caseArbitrary(explorer), { seed: seed.seed, numRuns: runs });
    sent = await sendPiled(explorer, drawn, {
      more: () => explorer.budget.left >= requestsPerCase && explorer.budget.used < stopAt,
      result: (index, result) => {
        if (!result.problems.length || (first && first.index < index)) return false;
        first = { index, found: drawn[index]!, result };
        return true;
      },
    });
    if (!first) return sent;
    path = String(first.index);
  }
  const { runs: replayed, failed } = await shrink(explorer, seed, path);
  sent += replayed;
  // A case that failed in its batch but not on its own is reported as it failed there, with its draw's path.
  const found = failed ?? (first && { ...first, path });
  if (!found) return sent;
  const replay = replaySeed(seed.seed, "generation", found.path);
  const request = found.found.classes.map(className);
  const { exchange } = found.result;
  for (const problem of found.result.problems)
    explorer.report("generation", request, problem, exchange, explorer.replayOf(exchange), replay);
  return sent;
}

/**
 * The case at `path` of the run's draws, sent on its own and, when it fails,
 * shrunk to the smallest that still fails, one case at a time (fast-check
 * shrinks that way); as long as the budget lasts, then the smallest so far.
 */
async function shrink(
  explorer: Explorer,
  seed: ExploreSeed,
  path: string,
): Promise<{ runs: number; failed?: { found: Case; result: CaseResult; path: string } }> {
  let runs = 0;
  let failed: { found: Case; result: CaseResult } | undefined;
  let infrastructure: unknown;
  const property = fc.asyncProperty(caseArbitrary(explorer), async (found) => {
    if (infrastructure || explorer.budget.left < requestsPerCase) return true;
    runs++;
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
  const outcome = await fc.check(property, { seed: seed.seed, numRuns: 1, path });
  if (infrastructure) throw infrastructure;
  return {
    runs,
    failed: outcome.failed && failed ? { ...failed, path: outcome.counterexamplePath ?? path } : undefined,
  };
}
