import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../validation/spec";
import type { Requirement } from "./requirements";

/** A broken implementation: the suite must fail every requirement it breaks. */
export interface Mutant {
  name: string;
  breaks: string[];
  /** It changes what the target stores in a way the checks read back: the judge repeats it under parallelism. */
  stateful: boolean;
  /** exploration: no fixed check reaches it, only a generated request or sequence does. */
  reachedBy: ReachedBy;
  description: string;
}

/** What reaches a mutant's fault: the suite's fixed checks, or only its exploration. */
export const reachedByValues = ["checks", "exploration"] as const;
export type ReachedBy = (typeof reachedByValues)[number];

/** A correct implementation that differs from the reference: the suite must pass it, warning only on `warns`. */
export interface Variant {
  name: string;
  description: string;
  allowedBy: string;
  warns: string[];
}

export const mutantsPath = path.join(repoRoot, "specs", "mutants.yaml");
export const variantsPath = path.join(repoRoot, "specs", "variants.yaml");

const namePattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Reads specs/mutants.yaml and specs/variants.yaml and checks them against the
 * requirement catalog: names unique across both, mutants break MUST
 * requirements, variants warn only on SHOULD ones.
 */
export function loadDeviationCatalogs(catalog: Requirement[]): { mutants: Mutant[]; variants: Variant[] } {
  const levelOf = new Map(catalog.map((r) => [r.id, r.level]));
  const seen = new Set<string>();
  const entries = (file: string, key: string) => {
    const doc = parse(readFileSync(file, "utf8")) as Record<string, unknown> | null;
    const list = doc?.[key];
    if (!Array.isArray(list)) throw new Error(`${file}: expected a top-level "${key}" list`);
    return list.map((entry: unknown, index: number) => {
      const e = (entry ?? {}) as Record<string, unknown>;
      const where = `${path.relative(repoRoot, file)}: ${key}[${index}]${typeof e.name === "string" ? ` (${e.name})` : ""}`;
      if (typeof e.name !== "string" || !namePattern.test(e.name))
        throw new Error(`${where}: name must be kebab-case, got ${JSON.stringify(e.name)}`);
      if (seen.has(e.name)) throw new Error(`${where}: the name ${e.name} is used twice`);
      seen.add(e.name);
      if (typeof e.description !== "string" || !e.description) throw new Error(`${where}: description is required`);
      return { e, where };
    });
  };
  const ids = (where: string, field: string, value: unknown, level: "MUST" | "SHOULD", required: boolean): string[] => {
    if (value === undefined && !required) return [];
    if (!Array.isArray(value) || (required && value.length === 0))
      throw new Error(`${where}: ${field} must be a list of requirement ids`);
    for (const id of value) {
      if (!levelOf.has(id as string))
        throw new Error(`${where}: ${field} names ${JSON.stringify(id)}, which specs/requirements.yaml does not have`);
      if (levelOf.get(id as string) !== level)
        throw new Error(
          `${where}: ${field} may name only ${level} requirements, ${id} is ${levelOf.get(id as string)}`,
        );
    }
    return value as string[];
  };

  const mutants = entries(mutantsPath, "mutants").map(({ e, where }) => {
    if (e.stateful !== undefined && typeof e.stateful !== "boolean")
      throw new Error(`${where}: stateful must be true or false`);
    if (e.reachedBy !== undefined && !reachedByValues.includes(e.reachedBy as ReachedBy))
      throw new Error(`${where}: reachedBy must be one of ${reachedByValues.join(", ")}`);
    return {
      name: e.name as string,
      breaks: ids(where, "breaks", e.breaks, "MUST", true),
      stateful: e.stateful === true,
      reachedBy: (e.reachedBy as ReachedBy | undefined) ?? "checks",
      description: e.description as string,
    };
  });
  const variants = entries(variantsPath, "variants").map(({ e, where }) => {
    if (typeof e.allowedBy !== "string" || !e.allowedBy)
      throw new Error(`${where}: allowedBy is required (why the documentation allows it)`);
    return {
      name: e.name as string,
      description: e.description as string,
      allowedBy: e.allowedBy,
      warns: ids(where, "warns", e.warns, "SHOULD", false),
    };
  });
  return { mutants, variants };
}
