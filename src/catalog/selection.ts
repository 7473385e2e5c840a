/**
 * Selecting checks by requirement id: what `--requirement` passes to
 * Playwright, and what a selection that matches no check says.
 */
import { requirements } from "../../generated/requirements";

export const requirementIds: readonly string[] = requirements.map((r) => r.id);

/** A selection the suite cannot run: one line for stderr, exit code 2. */
export class SelectionError extends Error {
  override name = "SelectionError";
}

/** The line that lists every id, ending each message about a selection. */
export function requirementIdsLine(): string {
  return `requirement ids are: ${requirementIds.join(", ")}`;
}

/** Said when a --grep (or --grep-invert) leaves no check to run; the run then ends with exit code 2. */
export function noCheckMatches(selection: string): string {
  return `no check matches ${selection}; ${requirementIdsLine()}`;
}

/**
 * The --grep that runs the tests of the comma-separated ids: those that check
 * them and those whose responses the observer judges against them
 * (`@ID(observed)`), but not those of a longer id that begins the same.
 */
export function requirementGrep(value: string): string {
  const ids = value
    .split(",")
    .map((id) => id.trim().toUpperCase())
    .filter((id) => id !== "");
  if (!ids.length) throw new SelectionError(`--requirement needs a requirement id; ${requirementIdsLine()}`);
  for (const id of ids) {
    if (requirementIds.includes(id)) continue;
    const near = closest(id);
    throw new SelectionError(
      `unknown requirement ${JSON.stringify(id)}${near ? `; did you mean ${near}?` : ""} (${requirementIdsLine()})`,
    );
  }
  return `@(${ids.join("|")})(?![\\w-])`;
}

/** The known id nearest to `id`, when it is near enough to be a slip. */
function closest(id: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const known of requirementIds) {
    const distance = editDistance(id, known);
    if (!best || distance < best.distance) best = { id: known, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(id.length / 4)) ? best.id : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
