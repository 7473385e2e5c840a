/**
 * What the exploration found and did, as conformance.json's `exploration`
 * carries it: the seed, the requests it sent, how often each class was
 * sent, and each finding with the requirement it breaks, the request (or
 * sequence) shrunk to the smallest that still fails, its curl replay and
 * the seed that replays it.
 */
import type { RequirementId } from "../../generated/requirements";

export type Phase = "coverage" | "generation" | "sequences";

export interface ExplorationFinding {
  requirement: RequirementId;
  phase: Phase;
  /** The classes of the request ("part: class"), or the commands of the sequence. */
  request: string[];
  message: string;
  /** One curl command, or a short script of them for a sequence. */
  replay: string;
  /** The --explore-seed value that replays this run's exploration (with the generation's path, that case alone). */
  seed: string;
  /** Set by the history: found for the first time in this target's known runs. */
  new?: boolean;
}

export interface ExplorationSummary {
  seed: string;
  /** The request budget (CONFORMANCE_EXPLORE_REQUESTS). */
  budget: number;
  /** Requests sent, the state readings and the re-provisioning included. */
  requests: number;
  /** The cases of each phase: coverage (each class once, then pairwise), generated requests, sequences run. */
  cases: { single: number; pairwise: number; generated: number; sequences: number };
  /** How many requests of each class ("part: class") were sent. */
  casesPerClass: Record<string, number>;
  findings: ExplorationFinding[];
  /** Whether the budget ran out before every phase was done. */
  budgetExhausted: boolean;
  /** A manifest's target: only ids that name nothing, no state read back. */
  stateRead: boolean;
  durationMs: number;
}

/** The attachment that carries a test's part of the summary to the reporter. */
export const explorationAttachment = "conformance-exploration";

/** The summaries of the exploration's tests (one per phase) as one. */
export function combineSummaries(parts: readonly ExplorationSummary[]): ExplorationSummary | undefined {
  if (!parts.length) return undefined;
  const casesPerClass: Record<string, number> = {};
  for (const part of parts)
    for (const [name, n] of Object.entries(part.casesPerClass)) casesPerClass[name] = (casesPerClass[name] ?? 0) + n;
  const sum = (pick: (s: ExplorationSummary) => number) => parts.reduce((n, s) => n + pick(s), 0);
  return {
    seed: parts[0]!.seed,
    budget: parts[0]!.budget,
    requests: sum((s) => s.requests),
    cases: {
      single: sum((s) => s.cases.single),
      pairwise: sum((s) => s.cases.pairwise),
      generated: sum((s) => s.cases.generated),
      sequences: sum((s) => s.cases.sequences),
    },
    casesPerClass: Object.fromEntries(Object.entries(casesPerClass).sort(([a], [b]) => a.localeCompare(b))),
    findings: parts.flatMap((s) => s.findings),
    budgetExhausted: parts.some((s) => s.budgetExhausted),
    stateRead: parts.every((s) => s.stateRead),
    durationMs: sum((s) => s.durationMs),
  };
}
