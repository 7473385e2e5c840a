/**
 * The typo hint of every message about a misspelt name (a setting, a flag, a
 * manifest field): one implementation, so that they all suggest alike.
 */

/** " (did you mean <closest>?)", or "" when no candidate is close enough. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const hint = closest(name, candidates);
  return hint === undefined ? "" : ` (did you mean ${hint}?)`;
}

/**
 * The nearest candidate, for a typo hint: within edit distance 3, and a third
 * of the name's length (so that a short name such as --all, 3 edits from
 * --help, is not taken for a typo of it). On a tie, the one listed first.
 */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** Levenshtein distance: insertions, deletions and substitutions of one character each count 1. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
