/**
 * Secrets never reach the output: every text the suite builds from a
 * response (failure messages, report reasons) passes through redact(). The
 * run's tokens are registered by value; anything shaped like a JWT is
 * redacted too, for tokens the suite did not know about (a target echoing a
 * forged one, say).
 */
const secrets = new Set<string>();
const jwtShaped = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

export function registerSecret(value: string | undefined): void {
  // Very short values would redact ordinary words; no real token is that short.
  if (value && value.length >= 8) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join("[REDACTED]");
  return out.replace(jwtShaped, "[REDACTED JWT]");
}

/** The same record with every value redacted. */
export function redactValues(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, redact(value)]));
}
