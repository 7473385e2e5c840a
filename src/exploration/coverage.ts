/**
 * The coverage phase's plan, the same on every run: each class of each part
 * once with the other parts valid, then pairwise over the parts. Pairwise is
 * taken over what a class lets the target answer (its outcome, model.ts), the
 * interactions the expectation depends on (which refusal wins, whether an
 * undocumented answer is allowed): every pair of outcomes of two parts meets
 * in some case, and each outcome's classes take turns, so that the pairs also
 * bring many classes together.
 */
import { parts, type Part, type RequestClass } from "./model";
import type { Case } from "./explorer";

/** The classes of a part sorted into their outcomes (the valid class apart, as the first group). */
function outcomeGroups(classes: RequestClass[]): RequestClass[][] {
  const groups = new Map<string, RequestClass[]>();
  for (const c of classes) {
    const key = c.outcome.kind === "refused" ? `refused ${c.outcome.status}` : c.outcome.kind;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()];
}

export interface CoveragePlan {
  single: Case[];
  pairwise: Case[];
}

export function coveragePlan(classesOf: (part: Part) => RequestClass[]): CoveragePlan {
  const single = parts.flatMap((part) =>
    classesOf(part)
      .slice(1)
      .map((c): Case => ({ classes: [c], variant: 0 })),
  );
  return { single, pairwise: pairwise(parts.map((part) => outcomeGroups(classesOf(part)))) };
}

/**
 * A greedy pairwise array (as AETG builds one): while a pair of groups of two
 * parts has not met, a case starts from the first such pair and each other
 * part takes the group that meets the most new pairs. Only pairs of two
 * non-valid groups count: a group with the valid ones met in the first step.
 */
function pairwise(groupsByPart: RequestClass[][][]): Case[] {
  const uncovered = new Set<string>();
  const key = (p: number, g: number, q: number, h: number) => (p < q ? `${p}.${g}|${q}.${h}` : `${q}.${h}|${p}.${g}`);
  groupsByPart.forEach((groups, p) =>
    groupsByPart.forEach((others, q) => {
      if (q <= p) return;
      for (let g = 1; g < groups.length; g++) for (let h = 1; h < others.length; h++) uncovered.add(key(p, g, q, h));
    }),
  );
  const turn = groupsByPart.map((groups) => groups.map(() => 0));
  const cases: Case[] = [];
  while (uncovered.size) {
    const [first] = uncovered;
    const [[p, g], [q, h]] = first!.split("|").map((s) => s.split(".").map(Number)) as [number[], number[]];
    const chosen = new Map<number, number>([
      [p!, g!],
      [q!, h!],
    ]);
    groupsByPart.forEach((groups, part) => {
      if (chosen.has(part)) return;
      let best = 0;
      let bestGain = 0;
      groups.forEach((_, group) => {
        const gain = [...chosen].filter(([o, og]) => group > 0 && uncovered.has(key(part, group, o, og))).length;
        if (gain > bestGain) [best, bestGain] = [group, gain];
      });
      chosen.set(part, best);
    });
    for (const [a, ga] of chosen) for (const [b, gb] of chosen) if (a < b) uncovered.delete(key(a, ga, b, gb));
    const classes = [...chosen]
      .sort(([a], [b]) => a - b)
      .filter(([, group]) => group > 0)
      .map(([part, group]) => {
        const members = groupsByPart[part]![group]!;
        return members[turn[part]![group]!++ % members.length]!;
      });
    cases.push({ classes, variant: cases.length });
  }
  return cases;
}
