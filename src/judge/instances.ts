import { mutants, variants, type DeviationName } from "../../generated/deviations";

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
}

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
  ...mutants.map((m) => ({
    name: m.name,
    kind: "mutant" as const,
    description: m.description,
    deviations: [m.name],
    breaks: m.breaks,
    warns: [],
    runs: m.stateful ? statefulRuns : 1,
  })),
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
