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
}

/** The plain reference service first (the control), then every mutant and every variant of specs/. */
export const judgedInstances: JudgedInstance[] = [
  {
    name: "reference",
    kind: "reference",
    description: "The reference service as it is.",
    deviations: [],
    breaks: [],
    warns: [],
  },
  ...mutants.map((m) => ({
    name: m.name,
    kind: "mutant" as const,
    description: m.description,
    deviations: [m.name],
    breaks: m.breaks,
    warns: [],
  })),
  ...variants.map((v) => ({
    name: v.name,
    kind: "variant" as const,
    description: v.description,
    deviations: [v.name],
    breaks: [],
    warns: v.warns,
  })),
];

export const projectName = (instance: JudgedInstance) => `${instance.kind}: ${instance.name}`;

/** Each judged worker leaves `<prefix><worker index>.json` in its project's output directory: deviation name → answers it changed. */
export const deviationUsageFilePrefix = "deviation-usage-";
