import { mutants, variants, type DeviationName } from "../../generated/deviations";
import { knownSettings } from "../settings/table";

export type InstanceKind = "reference" | "mutant" | "variant";

/** One implementation the judge runs the suite against: the reference service with some deviations switched on. */
export interface JudgedInstance {
  name: string;
  kind: InstanceKind;
  description: string;
  deviations: DeviationName[];
  /** mutant: the MUST requirements the suite must fail. */
  breaks: readonly string[];
  /** variant: the SHOULD requirements the suite must warn about, and nothing else. */
  warns: readonly string[];
  /** Judged several times: its failed requirements must not depend on how the tests were scheduled. */
  runs: number;
  /**
   * mutant: why it is judged against the fixed checks alone, which must pass
   * it (no fixed check reaches its fault); absent when the suite must catch it.
   */
  fixedChecksOnly?: string;
}

/** The setting of the exploration's request budget: the suite explores once it has one. */
export const explorationBudgetSetting = "CONFORMANCE_EXPLORE_REQUESTS";

/** Whether the suite explores generated requests and sequences after its fixed checks. */
export const explorationAvailable = knownSettings.some((s) => (s.name as string) === explorationBudgetSetting);

/** The exploration's budget is 0 in this run's settings: the suite explores nothing. */
const explorationOff = process.env[explorationBudgetSetting]?.trim() === "0";

/**
 * A mutant only exploration reaches, in a suite without exploration or a run
 * with it off: the fixed checks must pass it, which proves its catalog entry
 * right, and it counts in no mutation score.
 */
const awaitingExploration = (m: (typeof mutants)[number]) =>
  m.reachedBy !== "exploration"
    ? undefined
    : !explorationAvailable
      ? `only exploration reaches it, and the suite has no exploration (no ${explorationBudgetSetting} setting): the fixed checks alone must pass it`
      : explorationOff
        ? `only exploration reaches it, and ${explorationBudgetSetting}=0 turns it off: the fixed checks alone must pass it`
        : undefined;

/** How often a stateful mutant is judged; each run is a project of its own, all under the suite's parallelism. */
export const statefulRuns = 3;

/** The plain reference service first (the control), then every mutant and every variant of specs/. */
export const judgedInstances: JudgedInstance[] = [
  {
    name: "reference",
    kind: "reference",
    description: "The reference service as it is.",
    deviations: [],
    breaks: [],
    warns: [],
    runs: 1,
  },
  ...mutants.map((m) => {
    const fixedChecksOnly = awaitingExploration(m);
    return {
      name: m.name,
      kind: "mutant" as const,
      description: m.description,
      deviations: [m.name],
      breaks: m.breaks,
      warns: [],
      // Repeated to show its verdict does not depend on the schedule: a verdict that catches it.
      runs: m.stateful && !fixedChecksOnly ? statefulRuns : 1,
      ...(fixedChecksOnly ? { fixedChecksOnly } : {}),
    };
  }),
  ...variants.map((v) => ({
    name: v.name,
    kind: "variant" as const,
    description: v.description,
    deviations: [v.name],
    breaks: [],
    warns: v.warns,
    runs: 1,
  })),
];

/** One Playwright project of the judge: an instance, or one run of a repeated one. */
export interface JudgedRun {
  instance: JudgedInstance;
  /** 1 for the first run. */
  run: number;
}

export const judgedRuns: JudgedRun[] = judgedInstances.flatMap((instance) =>
  Array.from({ length: instance.runs }, (_, i) => ({ instance, run: i + 1 })),
);

export const projectName = (instance: JudgedInstance, run = 1) =>
  `${instance.kind}: ${instance.name}${run > 1 ? ` (run ${run})` : ""}`;

/** The judge's global setup leaves `<prefix>service.json` in each project's output directory: deviation name → answers it changed. */
export const deviationUsageFilePrefix = "deviation-usage-";
