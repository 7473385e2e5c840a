/**
 * Retry-After as this API documents it: "Number of seconds to wait", i.e.
 * RFC 9110's delay-seconds (1*DIGIT). The HTTP-date form is valid HTTP but not
 * what the operation documents, so it is reported as such.
 */
export type RetryAfter = { ok: true; seconds: number } | { ok: false; reason: string };

export function parseRetryAfter(value: string | null | undefined): RetryAfter {
  if (value === null || value === undefined) return { ok: false, reason: "Retry-After header is missing" };
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return { ok: true, seconds: Number(trimmed) };
  if (!Number.isNaN(Date.parse(trimmed)) && /[a-z]/i.test(trimmed)) {
    return { ok: false, reason: `Retry-After is an HTTP-date (${JSON.stringify(value)}), not a number of seconds` };
  }
  return { ok: false, reason: `Retry-After is not a whole number of seconds: ${JSON.stringify(value)}` };
}
