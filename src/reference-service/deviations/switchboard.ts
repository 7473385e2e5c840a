import { mutants, variants, type DeviationName } from "../../../generated/deviations";
import { didYouMean } from "../../core/did-you-mean";

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
    throw new Error(
      `unknown deviation(s): ${unknown.map((n) => `"${n}"${didYouMean(n, [...known])}`).join(", ")}; see specs/mutants.yaml and specs/variants.yaml`,
    );
}

/**
 * What one deviation does at one named point of the service. `act` returns
 * undefined when the deviation leaves the answer as it is there, and what it
 * answers instead when it acts. Acting counts the deviation as used: it changed
 * an answer (unless `counts` says that result did not).
 */
export interface Hook<Args extends unknown[], Result> {
  readonly deviation: DeviationName;
  readonly act: (...args: Args) => Result | undefined;
  /** For a hook whose results do not all change the answer: which do. */
  counts?(result: Awaited<Result>): boolean;
}

/** The hooks of one point, in the order they are tried. */
export type Hooks<Args extends unknown[], Result> = readonly Hook<Args, Result>[];

export function hook<Args extends unknown[], Result>(
  deviation: DeviationName,
  act: (...args: Args) => Result | undefined,
  counts?: (result: Awaited<Result>) => boolean,
): Hook<Args, Result> {
  return { deviation, act, counts };
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

  /** How often each active deviation changed an answer so far. */
  usage(): Record<string, number> {
    return Object.fromEntries([...this.active].map((name) => [name, this.uses.get(name) ?? 0]));
  }

  /** Records that a hook acted, if what it gave changed the answer. */
  private acted<Args extends unknown[], Result>(hook: Hook<Args, Result>, result: Awaited<Result>): void {
    if (hook.counts && !hook.counts(result)) return;
    this.uses.set(hook.deviation, (this.uses.get(hook.deviation) ?? 0) + 1);
  }

  /** A point where a deviation may act instead of the service: the first active hook that acts decides. */
  instead<Args extends unknown[], Result>(hooks: Hooks<Args, Result>, ...args: Args): Result | undefined {
    for (const hook of hooks) {
      if (!this.active.has(hook.deviation)) continue;
      const result = hook.act(...args);
      if (result !== undefined) {
        this.acted(hook, result as Awaited<Result>);
        return result;
      }
    }
    return undefined;
  }

  /** `instead` for hooks that must wait for something, such as a token's verification. */
  async insteadAsync<Args extends unknown[], Result>(
    hooks: Hooks<Args, Promise<Result | undefined>>,
    ...args: Args
  ): Promise<Result | undefined> {
    for (const hook of hooks) {
      if (!this.active.has(hook.deviation)) continue;
      const result = await hook.act(...args);
      if (result !== undefined) {
        this.acted(hook, result);
        return result;
      }
    }
    return undefined;
  }

  /** A point where deviations reshape what the service made: each active hook in turn, each that changed it counted. */
  transform<Value, Context>(hooks: Hooks<[Value, Context], Value>, value: Value, context: Context): Value {
    let current = value;
    for (const hook of hooks) {
      if (!this.active.has(hook.deviation)) continue;
      const changed = hook.act(current, context);
      if (changed !== undefined) {
        this.acted(hook, changed as Awaited<Value>);
        current = changed;
      }
    }
    return current;
  }
}
