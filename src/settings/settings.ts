import { ConfigError } from "../core/errors";
import { isGuid } from "../core/ids";
import { closest, editDistance, shown } from "./text";

/**
 * The suite's configuration, read from the environment (and a .env file, which
 * never overrides a variable already set). Every problem is collected and
 * reported at once, as one ConfigError; the runner exits 2 on it.
 */

/** How the suite gets an identity's token on an external target (the admin's, the unprivileged one's). */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "client-credentials"; clientId: string; clientSecret: string; tokenUrl: string; scope: string };

export type FixtureSource = "api" | "manifest";

export interface Settings {
  /** undefined: run against the embedded reference service. */
  baseUrl?: string;
  /** Set exactly when baseUrl is. */
  credentials?: Credentials;
  /** api: the suite creates its own data; manifest: it uses the ids a manifest offers. */
  fixtures: FixtureSource;
  /** The manifest file, with fixtures "manifest". */
  manifestPath?: string;
  /** With fixtures "manifest" it may come from the manifest instead. */
  itwinId?: string;
  /** A token from the target's own issuer that has expired; optional, enables one credential check. */
  expiredToken?: string;
  /** A valid token from the target's issuer without the itwin-platform scope; optional, enables one credential check. */
  noScopeToken?: string;
  /** An identity that can see the iTwin but lacks administration_remove_member, as a token or a client; optional, enables the authorization checks. */
  unprivileged?: Credentials;
  /** Another iTwin the admin identity administers; optional, enables the isolation check. */
  otherItwinId?: string;
  /** The most requests the rate-limit probe may send; 0 skips the rate-limit checks. */
  rateLimitBudget: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** The longest Retry-After the suite waits out; a longer one makes the check that needs it skip. */
  maxRetryAfterSeconds: number;
}

export const defaultTokenUrl = "https://ims.bentley.com/connect/token";
export const defaultScope = "itwin-platform";
/** The production deployment: a run against it must be asked for explicitly. */
export const productionHost = "api.bentley.com";

interface Setting {
  name: string;
  description: string;
}

/** Every CONFORMANCE_* variable the suite reads; .env.example documents the same list. */
export const knownSettings: Setting[] = [
  { name: "CONFORMANCE_BASE_URL", description: "API base of the target; unset runs the embedded reference service" },
  {
    name: "CONFORMANCE_TOKEN",
    description: "bearer token (without 'Bearer ') of an identity that administers the iTwin",
  },
  {
    name: "CONFORMANCE_CLIENT_ID",
    description: "client id for the client-credentials grant (instead of CONFORMANCE_TOKEN)",
  },
  { name: "CONFORMANCE_CLIENT_SECRET", description: "client secret for the client-credentials grant" },
  {
    name: "CONFORMANCE_TOKEN_URL",
    description: `token endpoint of the client-credentials grant (default ${defaultTokenUrl})`,
  },
  {
    name: "CONFORMANCE_SCOPE",
    description: `scope asked for in the client-credentials grant (default ${defaultScope})`,
  },
  { name: "CONFORMANCE_ITWIN_ID", description: "the iTwin the suite works in (required with CONFORMANCE_BASE_URL)" },
  {
    name: "CONFORMANCE_FIXTURES",
    description: "api (default): create the suite's own data; manifest: use the ids of CONFORMANCE_MANIFEST",
  },
  { name: "CONFORMANCE_MANIFEST", description: "JSON or YAML file of ids to use, with CONFORMANCE_FIXTURES=manifest" },
  { name: "CONFORMANCE_ALLOW_PRODUCTION", description: `1: allow a run against the production host ${productionHost}` },
  { name: "CONFORMANCE_RATE_LIMIT_BUDGET", description: "the most requests the 429 probe may send" },
  { name: "CONFORMANCE_EXPIRED_TOKEN", description: "an expired token from the target's issuer (optional)" },
  {
    name: "CONFORMANCE_NO_SCOPE_TOKEN",
    description: "a token from the target's issuer without the itwin-platform scope (optional)",
  },
  {
    name: "CONFORMANCE_UNPRIVILEGED_TOKEN",
    description:
      "a token of an identity that can see the iTwin but lacks administration_remove_member (optional: the authorization checks)",
  },
  {
    name: "CONFORMANCE_UNPRIVILEGED_CLIENT_ID",
    description:
      "instead of CONFORMANCE_UNPRIVILEGED_TOKEN: a client of such an identity, for the client-credentials grant (same token URL and scope)",
  },
  { name: "CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET", description: "that client's secret" },
  {
    name: "CONFORMANCE_OTHER_ITWIN_ID",
    description: "another iTwin the admin identity administers (optional: the isolation check)",
  },
  { name: "CONFORMANCE_REQUEST_TIMEOUT_MS", description: "timeout of each HTTP request" },
  { name: "CONFORMANCE_MAX_RETRY_AFTER_SECONDS", description: "the longest Retry-After the suite waits out" },
  { name: "CONFORMANCE_REPORT_DIR", description: "where reports are written (default reports/)" },
  { name: "CONFORMANCE_ENV_FILE", description: "the settings file to load (default .env; none: no file)" },
];

/** Set by the suite itself to hand the resolved run to its workers; not a user setting. */
export const runContextVariable = "CONFORMANCE_RUN_CONTEXT";

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
  for (const name of Object.keys(env)
    .filter((n) => !known.has(n) && looksLikeSetting(n))
    .sort()) {
    const hint = closest(name.toUpperCase(), [...known]);
    problems.push(`${name} is not a setting of this suite${hint ? ` (did you mean ${hint}?)` : ""}`);
  }
  // Set but empty is what a CI job with a missing secret produces; it must not mean "use the embedded service".
  for (const name of [
    "CONFORMANCE_BASE_URL",
    "CONFORMANCE_TOKEN",
    "CONFORMANCE_ITWIN_ID",
    "CONFORMANCE_CLIENT_ID",
    "CONFORMANCE_CLIENT_SECRET",
    "CONFORMANCE_MANIFEST",
  ]) {
    if (env[name] !== undefined && env[name]!.trim() === "")
      problems.push(`${name} is set but empty (a missing secret?); give it a value, or unset it`);
  }

  const baseUrl = value("CONFORMANCE_BASE_URL");
  const token = value("CONFORMANCE_TOKEN");
  const clientId = value("CONFORMANCE_CLIENT_ID");
  const clientSecret = value("CONFORMANCE_CLIENT_SECRET");
  const tokenUrl = value("CONFORMANCE_TOKEN_URL") ?? defaultTokenUrl;
  const scope = value("CONFORMANCE_SCOPE") ?? defaultScope;
  const itwinId = value("CONFORMANCE_ITWIN_ID");
  const expiredToken = value("CONFORMANCE_EXPIRED_TOKEN");
  const noScopeToken = value("CONFORMANCE_NO_SCOPE_TOKEN");
  const unprivilegedToken = value("CONFORMANCE_UNPRIVILEGED_TOKEN");
  const unprivilegedClientId = value("CONFORMANCE_UNPRIVILEGED_CLIENT_ID");
  const unprivilegedClientSecret = value("CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET");
  const unprivilegedGrant = unprivilegedClientId !== undefined || unprivilegedClientSecret !== undefined;
  if (unprivilegedGrant && unprivilegedToken !== undefined)
    problems.push(
      "set either CONFORMANCE_UNPRIVILEGED_TOKEN or CONFORMANCE_UNPRIVILEGED_CLIENT_ID with CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET, not both",
    );
  else if (unprivilegedGrant && (unprivilegedClientId === undefined || unprivilegedClientSecret === undefined))
    problems.push("CONFORMANCE_UNPRIVILEGED_CLIENT_ID and CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET go together");
  else if (unprivilegedClientId !== undefined && unprivilegedClientId === clientId)
    problems.push(
      "CONFORMANCE_UNPRIVILEGED_CLIENT_ID is the admin's CONFORMANCE_CLIENT_ID: give a client of an identity without administration_remove_member",
    );
  const otherItwinId = value("CONFORMANCE_OTHER_ITWIN_ID");
  const fixtures = value("CONFORMANCE_FIXTURES") ?? "api";
  const manifestPath = value("CONFORMANCE_MANIFEST");
  const allowProduction = value("CONFORMANCE_ALLOW_PRODUCTION");
  const external = baseUrl !== undefined;

  if (fixtures !== "api" && fixtures !== "manifest")
    problems.push(`CONFORMANCE_FIXTURES must be api or manifest, got ${shown(fixtures)}`);
  if (fixtures === "manifest" && manifestPath === undefined)
    problems.push("CONFORMANCE_FIXTURES=manifest needs CONFORMANCE_MANIFEST, the file of ids to use");
  if (fixtures !== "manifest" && manifestPath !== undefined)
    problems.push(
      "CONFORMANCE_MANIFEST is set but CONFORMANCE_FIXTURES is not manifest: set CONFORMANCE_FIXTURES=manifest to use it",
    );
  if (allowProduction !== undefined && allowProduction !== "1")
    problems.push(`CONFORMANCE_ALLOW_PRODUCTION must be 1 or unset, got ${shown(allowProduction)}`);

  if (external) {
    const url = checkUrl("CONFORMANCE_BASE_URL", baseUrl, problems);
    if (url && (url.username || url.password))
      problems.push("CONFORMANCE_BASE_URL must not carry credentials; use CONFORMANCE_TOKEN or CONFORMANCE_CLIENT_ID");
    // "api.bentley.com." (a fully qualified name) is the same host.
    if (url && url.hostname.toLowerCase().replace(/\.$/, "") === productionHost && allowProduction !== "1") {
      problems.push(
        `CONFORMANCE_BASE_URL is the production host ${productionHost}: the suite creates and removes data there; set CONFORMANCE_ALLOW_PRODUCTION=1 if that is intended`,
      );
    }
    const grant = clientId !== undefined || clientSecret !== undefined;
    if (token !== undefined && grant)
      problems.push("set either CONFORMANCE_TOKEN or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, not both");
    else if (token === undefined && !grant)
      problems.push(
        "CONFORMANCE_TOKEN, or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, is required with CONFORMANCE_BASE_URL",
      );
    else if (grant && clientId === undefined)
      problems.push("CONFORMANCE_CLIENT_SECRET is set without CONFORMANCE_CLIENT_ID");
    else if (grant && clientSecret === undefined)
      problems.push("CONFORMANCE_CLIENT_ID is set without CONFORMANCE_CLIENT_SECRET");
    if (grant || unprivilegedGrant) checkUrl("CONFORMANCE_TOKEN_URL", tokenUrl, problems);
    else {
      for (const name of ["CONFORMANCE_TOKEN_URL", "CONFORMANCE_SCOPE"]) {
        if (value(name) !== undefined && token !== undefined)
          problems.push(
            `${name} is set, but only the client-credentials grant (CONFORMANCE_CLIENT_ID or CONFORMANCE_UNPRIVILEGED_CLIENT_ID) uses it; unset it, or use the grant`,
          );
      }
    }
    if (itwinId === undefined && fixtures !== "manifest")
      problems.push("CONFORMANCE_ITWIN_ID is required with CONFORMANCE_BASE_URL");
  } else {
    const externalOnly = [
      "CONFORMANCE_TOKEN",
      "CONFORMANCE_CLIENT_ID",
      "CONFORMANCE_CLIENT_SECRET",
      "CONFORMANCE_TOKEN_URL",
      "CONFORMANCE_SCOPE",
      "CONFORMANCE_ITWIN_ID",
      "CONFORMANCE_EXPIRED_TOKEN",
      "CONFORMANCE_NO_SCOPE_TOKEN",
      "CONFORMANCE_UNPRIVILEGED_TOKEN",
      "CONFORMANCE_UNPRIVILEGED_CLIENT_ID",
      "CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET",
      "CONFORMANCE_OTHER_ITWIN_ID",
      "CONFORMANCE_MANIFEST",
    ];
    for (const name of externalOnly) {
      if (value(name) !== undefined) {
        problems.push(
          `${name} is set but CONFORMANCE_BASE_URL is not: set the target's base URL, or unset ${name} to use the embedded reference service`,
        );
      }
    }
  }
  for (const [name, t] of [
    ["CONFORMANCE_TOKEN", token],
    ["CONFORMANCE_EXPIRED_TOKEN", expiredToken],
    ["CONFORMANCE_NO_SCOPE_TOKEN", noScopeToken],
    ["CONFORMANCE_UNPRIVILEGED_TOKEN", unprivilegedToken],
  ] as const) {
    if (t === undefined) continue;
    if (/^bearer\s/i.test(t)) problems.push(`${name} must be the token alone, without the 'Bearer ' prefix`);
    else if (/\s/.test(t)) problems.push(`${name} must not contain white space`);
  }
  if (itwinId !== undefined && !isGuid(itwinId))
    problems.push(`CONFORMANCE_ITWIN_ID must be a GUID, got ${shown(itwinId)}`);
  if (otherItwinId !== undefined && !isGuid(otherItwinId))
    problems.push(`CONFORMANCE_OTHER_ITWIN_ID must be a GUID, got ${shown(otherItwinId)}`);
  else if (otherItwinId !== undefined && otherItwinId.toLowerCase() === itwinId?.toLowerCase())
    problems.push("CONFORMANCE_OTHER_ITWIN_ID must name another iTwin than CONFORMANCE_ITWIN_ID");
  if (unprivilegedToken !== undefined && unprivilegedToken === token)
    problems.push(
      "CONFORMANCE_UNPRIVILEGED_TOKEN is the admin's CONFORMANCE_TOKEN: give a token of an identity without administration_remove_member",
    );

  const rateLimitBudget = wholeNumber(
    "CONFORMANCE_RATE_LIMIT_BUDGET",
    baseUrl ? 0 : embeddedRateLimitBudget,
    0,
    100_000,
  );
  const requestTimeoutMs = wholeNumber("CONFORMANCE_REQUEST_TIMEOUT_MS", 15_000, 100, 600_000);
  const maxRetryAfterSeconds = wholeNumber("CONFORMANCE_MAX_RETRY_AFTER_SECONDS", 60, 1, 3600);

  if (problems.length) {
    throw new ConfigError(
      problems.length === 1
        ? `configuration error: ${problems[0]}`
        : `configuration errors:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  let credentials: Credentials | undefined;
  if (external) {
    credentials =
      token !== undefined
        ? { kind: "token", token }
        : { kind: "client-credentials", clientId: clientId!, clientSecret: clientSecret!, tokenUrl, scope };
  }
  return {
    baseUrl: baseUrl?.replace(/\/+$/, ""),
    credentials,
    fixtures: fixtures as FixtureSource,
    manifestPath,
    itwinId: itwinId?.toLowerCase(),
    expiredToken,
    noScopeToken,
    unprivileged:
      unprivilegedToken !== undefined
        ? { kind: "token", token: unprivilegedToken }
        : unprivilegedClientId !== undefined
          ? {
              kind: "client-credentials",
              clientId: unprivilegedClientId,
              clientSecret: unprivilegedClientSecret!,
              tokenUrl,
              scope,
            }
          : undefined,
    otherItwinId: otherItwinId?.toLowerCase(),
    rateLimitBudget,
    requestTimeoutMs,
    maxRetryAfterSeconds,
  };
}

function checkUrl(name: string, raw: string, problems: string[]): URL | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${name} is not an absolute URL: ${shown(raw)}`);
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    problems.push(`${name} must be http(s), got ${url.protocol}`);
  if (url.search || url.hash) problems.push(`${name} must not carry a query or fragment`);
  return url;
}
