/**
 * Selecting checks by requirement id: what `--requirement` passes to
 * Playwright, and what a selection that matches no check says.
 */
import { requirements } from "../../generated/requirements";
import { didYouMean } from "../core/did-you-mean";

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
    throw new SelectionError(
      `unknown requirement ${JSON.stringify(id)}${didYouMean(id, requirementIds)}; ${requirementIdsLine()}`,
    );
  }
  return `@(${ids.join("|")})(?![\\w-])`;
}
