/** An id as this API writes them: a GUID, 8-4-4-4-12 hexadecimal digits, in any letter case. */
export const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

/** A GUID, or the same 32 digits without hyphens: what a server may reasonably accept as a well-formed id. */
export function isGuidLike(value: string): boolean {
  return guidPattern.test(value) || /^[0-9a-f]{32}$/i.test(value);
}

/** Ids compare without regard to letter case; this is the form they are stored and compared in. */
export function canonicalId(id: string | undefined): string {
  return (id ?? "").toLowerCase();
}
