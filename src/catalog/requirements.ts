import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { requirementsPath } from "../validation/spec";

export type Level = "MUST" | "SHOULD";

export interface Requirement {
  id: string;
  level: Level;
  title: string;
  source: string;
}

const idPattern = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/;

/** Reads and checks specs/requirements.yaml; a malformed entry is an error naming it. */
export function loadRequirementCatalog(file = requirementsPath): Requirement[] {
  const doc = parse(readFileSync(file, "utf8")) as { requirements?: unknown };
  if (!Array.isArray(doc?.requirements)) throw new Error(`${file}: expected a top-level "requirements" list`);
  const seen = new Set<string>();
  return doc.requirements.map((entry: unknown, index: number) => {
    const where = `${file}: requirements[${index}]`;
    const e = entry as Partial<Requirement>;
    if (typeof e.id !== "string" || !idPattern.test(e.id))
      throw new Error(`${where}: id must look like AREA-NAME, got ${JSON.stringify(e.id)}`);
    if (seen.has(e.id)) throw new Error(`${where}: duplicate id ${e.id}`);
    seen.add(e.id);
    if (e.level !== "MUST" && e.level !== "SHOULD") throw new Error(`${where} (${e.id}): level must be MUST or SHOULD`);
    if (typeof e.title !== "string" || !e.title) throw new Error(`${where} (${e.id}): title is required`);
    if (typeof e.source !== "string" || !e.source) throw new Error(`${where} (${e.id}): source is required`);
    return { id: e.id, level: e.level, title: e.title, source: e.source };
  });
}
