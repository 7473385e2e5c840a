import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { repoRoot } from "../validation/spec";

/** A permission of Access Control v2 as the public API spells it, with where that spelling comes from. */
export interface PermissionEntry {
  name: string;
  source: string;
}

export const permissionsPath = path.join(repoRoot, "specs", "permissions.yaml");

/** The API's own spelling: lower-case words joined by underscores (`itwins_read`, `administration_remove_member`). */
const namePattern = /^[a-z]+(_[a-z]+)+$/;

/** Reads and checks specs/permissions.yaml: names spelled as the API spells them, unique, each with its source. */
export function loadPermissionCatalog(file = permissionsPath): PermissionEntry[] {
  const doc = parse(readFileSync(file, "utf8")) as { permissions?: unknown } | null;
  if (!Array.isArray(doc?.permissions)) throw new Error(`${file}: expected a top-level "permissions" list`);
  const seen = new Set<string>();
  return doc.permissions.map((entry: unknown, index: number) => {
    const e = entry as Partial<PermissionEntry>;
    const where = `${file}: permissions[${index}]`;
    if (typeof e.name !== "string" || !namePattern.test(e.name))
      throw new Error(`${where}: name must be snake_case like itwins_read, got ${JSON.stringify(e.name)}`);
    if (seen.has(e.name)) throw new Error(`${where}: duplicate name ${e.name}`);
    seen.add(e.name);
    if (typeof e.source !== "string" || !e.source) throw new Error(`${where} (${e.name}): source is required`);
    return { name: e.name, source: e.source };
  });
}
