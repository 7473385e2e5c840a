import { mutants, variants, type DeviationName } from "../../generated/deviations";

export type { DeviationName };

const known = new Set<string>([...mutants, ...variants].map((d) => d.name));

/** Reads a comma-separated list of deviation names (REFERENCE_DEVIATIONS); an unknown name is an error naming it. */
export function parseDeviations(list: string | undefined): Set<DeviationName> {
  const names = (list ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  refuseUnknown(names);
  return new Set(names as DeviationName[]);
}

function refuseUnknown(names: string[]): void {
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length)
    throw new Error(`unknown deviation(s): ${unknown.join(", ")}; see specs/mutants.yaml and specs/variants.yaml`);
}

/**
 * The deviations one service instance runs with: the mutants of
 * specs/mutants.yaml and the variants of specs/variants.yaml, switched on by
 * configuration, never by editing code. Each records how often it changed an
 * answer, so the judge can tell a switch that is on from one that did
 * something.
 */
export class Deviations {
  private readonly active: ReadonlySet<DeviationName>;
  private readonly uses = new Map<DeviationName, number>();

  constructor(names: Iterable<DeviationName> = []) {
    const list = [...names];
    refuseUnknown(list);
    this.active = new Set(list);
  }

  get names(): DeviationName[] {
    return [...this.active];
  }

  has(name: DeviationName): boolean {
    return this.active.has(name);
  }

  /** Records that `name` changed an answer. */
  use(name: DeviationName): void {
    this.uses.set(name, (this.uses.get(name) ?? 0) + 1);
  }

  /** `has` and `use` in one: put it last in a condition, where it is sure to change the answer. */
  on(name: DeviationName): boolean {
    if (!this.active.has(name)) return false;
    this.use(name);
    return true;
  }

  /** How often each active deviation changed an answer so far. */
  usage(): Record<string, number> {
    return Object.fromEntries([...this.active].map((name) => [name, this.uses.get(name) ?? 0]));
  }
}
