/**
 * The suite's configuration, read from the environment (and a .env file, which
 * never overrides a variable already set). Every problem is collected and
 * reported at once, as one ConfigError; the runner exits 2 on it.
 */
export class ConfigError extends Error {
  override name = "ConfigError";
}

export interface Settings {
  /** undefined: run against the embedded reference service. */
  baseUrl?: string;
  token?: string;
  itwinId?: string;
  /** A token from the target's own issuer that has expired; optional, enables one credential check. */
  expiredToken?: string;
  /** A valid token from the target's issuer without the itwin-platform scope; optional, enables one credential check. */
  noScopeToken?: string;
  /** The most requests the rate-limit probe may send; 0 skips the rate-limit checks. */
  rateLimitBudget: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** The longest Retry-After the suite waits out; a longer one makes the check that needs it skip. */
  maxRetryAfterSeconds: number;
}

interface Setting {
  name: string;
  description: string;
}

/** Every CONFORMANCE_* variable the suite reads; .env.example documents the same list. */
export const knownSettings: Setting[] = [
  { name: "CONFORMANCE_BASE_URL", description: "API base of the target; unset runs the embedded reference service" },
  { name: "CONFORMANCE_TOKEN", description: "bearer token (without 'Bearer ') of an identity that administers the iTwin" },
  { name: "CONFORMANCE_ITWIN_ID", description: "the iTwin the suite works in (required with CONFORMANCE_BASE_URL)" },
  { name: "CONFORMANCE_RATE_LIMIT_BUDGET", description: "the most requests the 429 probe may send" },
  { name: "CONFORMANCE_EXPIRED_TOKEN", description: "an expired token from the target's issuer (optional)" },
  { name: "CONFORMANCE_NO_SCOPE_TOKEN", description: "a token from the target's issuer without the itwin-platform scope (optional)" },
  { name: "CONFORMANCE_REQUEST_TIMEOUT_MS", description: "timeout of each HTTP request" },
  { name: "CONFORMANCE_MAX_RETRY_AFTER_SECONDS", description: "the longest Retry-After the suite waits out" },
  { name: "CONFORMANCE_REPORT_DIR", description: "where reports are written (default reports/)" },
  { name: "CONFORMANCE_ENV_FILE", description: "the settings file to load (default .env; none: no file)" },
];

/** Set by the suite itself to hand the resolved run to its workers; not a user setting. */
export const runContextVariable = "CONFORMANCE_RUN_CONTEXT";

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const embeddedRateLimitBudget = 1000;

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const problems: string[] = [];
  const value = (name: string) => {
    const raw = env[name];
    return raw === undefined || raw.trim() === "" ? undefined : raw.trim();
  };
  const wholeNumber = (name: string, fallback: number, min: number, max: number): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got ${shown(raw)}`);
      return fallback;
    }
    return Number(raw);
  };

  // A misspelt name would silently leave the run on the embedded service: refuse anything that looks like a setting.
  const known = new Set([...knownSettings.map((s) => s.name), runContextVariable]);
  const looksLikeSetting = (name: string) =>
    /CONFORM/i.test(name) || [...known].some((k) => editDistance(name.toUpperCase(), k) <= 2);
  for (const name of Object.keys(env).filter((n) => !known.has(n) && looksLikeSetting(n)).sort()) {
    const hint = closest(name.toUpperCase(), [...known]);
    problems.push(`${name} is not a setting of this suite${hint ? ` (did you mean ${hint}?)` : ""}`);
  }
  // Set but empty is what a CI job with a missing secret produces; it must not mean "use the embedded service".
  for (const name of ["CONFORMANCE_BASE_URL", "CONFORMANCE_TOKEN", "CONFORMANCE_ITWIN_ID"]) {
    if (env[name] !== undefined && env[name]!.trim() === "") problems.push(`${name} is set but empty (a missing secret?); give it a value, or unset it`);
  }

  const baseUrl = value("CONFORMANCE_BASE_URL");
  const token = value("CONFORMANCE_TOKEN");
  const itwinId = value("CONFORMANCE_ITWIN_ID");
  const expiredToken = value("CONFORMANCE_EXPIRED_TOKEN");
  const noScopeToken = value("CONFORMANCE_NO_SCOPE_TOKEN");

  if (baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(baseUrl);
    } catch {
      problems.push(`CONFORMANCE_BASE_URL is not an absolute URL: ${shown(baseUrl)}`);
    }
    if (url && url.protocol !== "https:" && url.protocol !== "http:") {
      problems.push(`CONFORMANCE_BASE_URL must be http(s), got ${url.protocol}`);
    }
    if (url && (url.search || url.hash)) problems.push("CONFORMANCE_BASE_URL must not carry a query or fragment");
    if (url && (url.username || url.password)) problems.push("CONFORMANCE_BASE_URL must not carry credentials; use CONFORMANCE_TOKEN");
    if (token === undefined) problems.push("CONFORMANCE_TOKEN is required with CONFORMANCE_BASE_URL");
    if (itwinId === undefined) problems.push("CONFORMANCE_ITWIN_ID is required with CONFORMANCE_BASE_URL");
  } else {
    for (const name of ["CONFORMANCE_TOKEN", "CONFORMANCE_ITWIN_ID", "CONFORMANCE_EXPIRED_TOKEN", "CONFORMANCE_NO_SCOPE_TOKEN"]) {
      if (value(name) !== undefined) {
        problems.push(`${name} is set but CONFORMANCE_BASE_URL is not: set the target's base URL, or unset ${name} to use the embedded reference service`);
      }
    }
  }
  for (const [name, t] of [["CONFORMANCE_TOKEN", token], ["CONFORMANCE_EXPIRED_TOKEN", expiredToken], ["CONFORMANCE_NO_SCOPE_TOKEN", noScopeToken]] as const) {
    if (t === undefined) continue;
    if (/^bearer\s/i.test(t)) problems.push(`${name} must be the token alone, without the 'Bearer ' prefix`);
    else if (/\s/.test(t)) problems.push(`${name} must not contain white space`);
  }
  if (itwinId !== undefined && !guid.test(itwinId)) problems.push(`CONFORMANCE_ITWIN_ID must be a GUID, got ${shown(itwinId)}`);

  const rateLimitBudget = wholeNumber("CONFORMANCE_RATE_LIMIT_BUDGET", baseUrl ? 0 : embeddedRateLimitBudget, 0, 100_000);
  const requestTimeoutMs = wholeNumber("CONFORMANCE_REQUEST_TIMEOUT_MS", 15_000, 100, 600_000);
  const maxRetryAfterSeconds = wholeNumber("CONFORMANCE_MAX_RETRY_AFTER_SECONDS", 60, 1, 3600);

  if (problems.length) {
    throw new ConfigError(
      problems.length === 1
        ? `configuration error: ${problems[0]}`
        : `configuration errors:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ""),
    token,
    itwinId: itwinId?.toLowerCase(),
    expiredToken,
    noScopeToken,
    rateLimitBudget,
    requestTimeoutMs,
    maxRetryAfterSeconds,
  };
}

/** A value for an error message; one that may be a credential pasted into the wrong setting is described, not shown. */
function shown(value: string): string {
  return value.length > 40 || /^eyJ/.test(value) ? `a ${value.length}-character value (not shown)` : JSON.stringify(value);
}

/** The known name within edit distance 3, for a typo hint. */
function closest(name: string, candidates: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance <= 3 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
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
