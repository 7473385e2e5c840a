import { requirements } from "../../generated/requirements";
import type { Level } from "./finding";

const levelOf = new Map<string, Level>(requirements.map((r) => [r.id, r.level]));

/** The level of a requirement of the catalog; undefined for any other id. */
export function requirementLevel(id: string): Level | undefined {
  return levelOf.get(id);
}
