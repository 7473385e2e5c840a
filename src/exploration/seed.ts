/**
 * The exploration's seed: a whole number (the default is fixed, so that a
 * run's verdict is the same every time), `random` (a new one each run, for
 * nightly runs that want new ground), or a finding's replay,
 * `<seed>:<phase>:<path>`, which sends that phase's one shrunk case again.
 */
import type { Parser } from "../settings/parsers";

export const defaultExploreSeed = "1";

export type ReplayPhase = "generation" | "sequences";

export interface ExploreSeed {
  seed: number;
  /** Replays one shrunk case of one phase (fast-check's path), instead of the whole exploration. */
  replay?: { phase: ReplayPhase; path: string };
}

const form = /^(\d{1,9})(?::(generation|sequences):(\d+(?::\d+)*))?$/;

/** The setting's parser: a seed, `random`, or a replay. */
export const exploreSeedSetting: Parser<string> = (value, name, report) => {
  if (value === "random" || parseExploreSeed(value)) return value;
  report(
    `${name} must be a whole number, random, or a finding's replay <seed>:<generation|sequences>:<path>, got ${JSON.stringify(value)}`,
  );
  return undefined;
};

/** A resolved seed (never `random`) read back; undefined when it is not one. */
export function parseExploreSeed(value: string): ExploreSeed | undefined {
  const match = form.exec(value);
  if (!match) return undefined;
  const seed = Number(match[1]) | 0;
  return match[2] ? { seed, replay: { phase: match[2] as ReplayPhase, path: match[3]! } } : { seed };
}

/** `random` made a number, once per run, so that every worker explores with the same one. */
export function resolveExploreSeed(value: string): string {
  return value === "random" ? String(Math.floor(Math.random() * 2 ** 31)) : value;
}

/** The --explore-seed value that replays one shrunk case. */
export function replaySeed(seed: number, phase: ReplayPhase, path: string): string {
  return `${seed}:${phase}:${path}`;
}
