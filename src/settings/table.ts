import { apiBaseUrl, bearerToken, folder, guid, oneOf, switchOn, text, wholeNumber, type Parser } from "./parsers";
import type { Setting } from "./declaration";

/**
 * Every setting of the suite, declared once. The settings check, the
 * command line's flags and help, the redaction of secrets, the CI recipes'
 * check, .env.example and docs/settings.md all derive from this table: a
 * new setting is one entry here, plus the code that uses its value.
 */

export const defaultTokenUrl = "https://ims.bentley.com/connect/token";
export const defaultScope = "itwin-platform";
/** The production deployment: a run against it must be asked for explicitly. */
export const productionHost = "api.bentley.com";
export const embeddedRateLimitBudget = 1000;

/** In the order of the help. */
const table = [
  {
    name: "CONFORMANCE_BASE_URL",
    flag: "--base-url",
    placeholder: "<url>",
    kind: "url",
    parse: apiBaseUrl,
    refuseEmpty: true,
    description: "API base of the target; unset runs the embedded reference service",
    details: "For example a staging deployment or a vendor's mock. The embedded service listens on loopback.",
    example: "https://qa-api.bentley.com/accesscontrol",
  },
  {
    name: "CONFORMANCE_ITWIN_ID",
    flag: "--itwin-id",
    placeholder: "<guid>",
    kind: "guid",
    parse: guid,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "the iTwin the suite works in (required with CONFORMANCE_BASE_URL)",
    details: "With CONFORMANCE_FIXTURES=manifest the manifest may name it instead.",
  },
  {
    name: "CONFORMANCE_TOKEN",
    flag: "--token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "bearer token (without 'Bearer ') of an identity that administers the iTwin",
    details: "The suite creates and deletes its own groups and role there.",
  },
  {
    name: "CONFORMANCE_CLIENT_ID",
    flag: "--client-id",
    placeholder: "<id>",
    kind: "text",
    parse: text,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "client id for the client-credentials grant (instead of CONFORMANCE_TOKEN)",
    details:
      "The suite fetches a token once per run and a new one before it expires. " +
      "A token endpoint that refuses the client stops the run (exit 2).",
  },
  {
    name: "CONFORMANCE_CLIENT_SECRET",
    flag: "--client-secret",
    placeholder: "<secret>",
    kind: "secret",
    parse: text,
    secret: true,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "client secret for the client-credentials grant",
  },
  {
    name: "CONFORMANCE_TOKEN_URL",
    flag: "--token-url",
    placeholder: "<url>",
    kind: "url",
    // Checked as a URL where a grant uses it: set beside a static token, its only problem is being set.
    parse: text,
    default: defaultTokenUrl,
    needsExternalTarget: true,
    description: `token endpoint of the client-credentials grant (default ${defaultTokenUrl})`,
  },
  {
    name: "CONFORMANCE_SCOPE",
    flag: "--scope",
    placeholder: "<scope>",
    kind: "text",
    parse: text,
    default: defaultScope,
    needsExternalTarget: true,
    description: `scope asked for in the client-credentials grant (default ${defaultScope})`,
  },
  {
    name: "CONFORMANCE_FIXTURES",
    flag: "--fixtures",
    placeholder: "<api|manifest>",
    kind: "choice",
    parse: oneOf(["api", "manifest"]),
    default: "api",
    description: "api (default): create the suite's own data; manifest: use the ids of CONFORMANCE_MANIFEST",
    details:
      "With api the suite creates its groups and role through the sibling operations and deletes them again. " +
      "manifest is for a target that cannot create data; the checks that need state the manifest cannot give are skipped.",
  },
  {
    name: "CONFORMANCE_MANIFEST",
    flag: "--manifest",
    placeholder: "<file>",
    kind: "path",
    parse: text,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "JSON or YAML file of ids to use, with CONFORMANCE_FIXTURES=manifest",
    details: "Its schema is specs/manifest.schema.json.",
    example: "conformance-manifest.yaml",
  },
  {
    name: "CONFORMANCE_ALLOW_PRODUCTION",
    flag: "--allow-production",
    switchValue: "1",
    kind: "switch",
    parse: switchOn("1"),
    description: `1: allow a run against the production host ${productionHost}`,
    details:
      "The production host is refused otherwise. Even then the rate-limit probe runs only with an explicit " +
      "CONFORMANCE_RATE_LIMIT_BUDGET.",
  },
  {
    name: "CONFORMANCE_RATE_LIMIT_BUDGET",
    flag: "--rate-limit-budget",
    placeholder: "<n>",
    kind: "number",
    parse: wholeNumber(0, 100_000),
    default: { embedded: embeddedRateLimitBudget, external: 0 },
    description: "the most requests the 429 probe may send",
    details: "0 skips the 429 checks.",
    example: "0",
  },
  {
    name: "CONFORMANCE_EXPIRED_TOKEN",
    flag: "--expired-token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    description: "an expired token from the target's issuer (optional)",
    details: "It checks that an expired credential is refused; unset, that one check is skipped.",
  },
  {
    name: "CONFORMANCE_NO_SCOPE_TOKEN",
    flag: "--no-scope-token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    description: "a token from the target's issuer without the itwin-platform scope (optional)",
    details: "A valid token, to check that it is refused for its scope; unset, that check is skipped.",
  },
  {
    name: "CONFORMANCE_UNPRIVILEGED_TOKEN",
    flag: "--unprivileged-token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    description:
      "a token of an identity that can see the iTwin but lacks administration_remove_member (optional: the authorization checks)",
    details: "Its removal must be refused and change nothing; unset, the authorization checks are skipped.",
  },
  {
    name: "CONFORMANCE_UNPRIVILEGED_CLIENT_ID",
    flag: "--unprivileged-client-id",
    placeholder: "<id>",
    kind: "text",
    parse: text,
    needsExternalTarget: true,
    description:
      "instead of CONFORMANCE_UNPRIVILEGED_TOKEN: a client of such an identity, for the client-credentials grant (same token URL and scope)",
    details: "For unattended runs: its token is fetched once per run and again before it expires.",
  },
  {
    name: "CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET",
    flag: "--unprivileged-client-secret",
    placeholder: "<secret>",
    kind: "secret",
    parse: text,
    secret: true,
    needsExternalTarget: true,
    description: "that client's secret",
  },
  {
    name: "CONFORMANCE_OTHER_ITWIN_ID",
    flag: "--other-itwin-id",
    placeholder: "<guid>",
    kind: "guid",
    parse: guid,
    needsExternalTarget: true,
    description: "another iTwin the admin identity administers (optional: the isolation check)",
    details:
      "A removal through its path of a group that is a member only of CONFORMANCE_ITWIN_ID must be 404 and " +
      "remove nothing; unset, the isolation check is skipped.",
  },
  {
    name: "CONFORMANCE_CONCURRENCY",
    flag: "--concurrency",
    placeholder: "<n>",
    kind: "number",
    parse: wholeNumber(1, 32),
    default: 4,
    description: "the most requests in flight at once across the run",
    details:
      "Against an external target it is also the number of Playwright workers: each runs one check at a time. " +
      "A worker costs about 120 MB and a second of CPU to start. The rate-limit probe has its own concurrency.",
  },
  {
    name: "CONFORMANCE_REQUESTS_PER_MINUTE",
    flag: "--requests-per-minute",
    placeholder: "<n>",
    kind: "number",
    parse: wholeNumber(1, 1_000_000),
    description: "the client's rate-limit tier; the suite paces every request of the run under it",
    details:
      "Unset: no pacing. The suite spends 90% of it, spacing its requests evenly; token requests are not " +
      "counted, and only the 429 probe goes past it, within CONFORMANCE_RATE_LIMIT_BUDGET.",
    example: "500",
  },
  {
    name: "CONFORMANCE_REQUEST_TIMEOUT_MS",
    flag: "--request-timeout-ms",
    placeholder: "<ms>",
    kind: "number",
    parse: wholeNumber(100, 600_000),
    default: 15_000,
    description: "timeout of each HTTP request",
    details: "In milliseconds.",
  },
  {
    name: "CONFORMANCE_MAX_RETRY_AFTER_SECONDS",
    flag: "--max-retry-after-seconds",
    placeholder: "<s>",
    kind: "number",
    parse: wholeNumber(1, 3600),
    default: 60,
    description: "the longest Retry-After the suite waits out",
    details: "In seconds; a longer one makes the check that needs it skip.",
  },
  {
    name: "CONFORMANCE_REPORT_DIR",
    flag: "--report-dir",
    placeholder: "<dir>",
    kind: "path",
    parse: text,
    // Applied where the reports are written (src/reporting/report-dir.ts).
    default: "reports",
    description: "where reports are written (default reports/)",
  },
  {
    name: "CONFORMANCE_HISTORY",
    flag: "--history",
    placeholder: "<dir>",
    kind: "path",
    parse: folder,
    description: "a folder kept between runs: each check then says what changed since the last run",
    details: "Always a folder (made when missing); see docs/reports.md. Read by the reporter and npm run report.",
  },
  {
    name: "CONFORMANCE_ENV_FILE",
    flag: "--env-file",
    placeholder: "<file|none>",
    kind: "path",
    parse: text,
    default: ".env",
    literals: ["none"],
    description: "the settings file to load (default .env; none: no file)",
    helpNote: "the default .env is the one in the suite's directory",
    details: "Only meaningful in the environment or as a flag, not inside the file itself.",
  },
] as const satisfies readonly Setting[];

/** Every CONFORMANCE_* variable the suite reads, as one list to go through. */
export const knownSettings: readonly (Setting & { name: SettingName })[] = table;

export type SettingName = (typeof table)[number]["name"];
export type Declared<Name extends SettingName> = Extract<(typeof table)[number], { name: Name }>;

/** The value a setting's parser reads. */
export type SettingValue<Name extends SettingName> = Declared<Name>["parse"] extends Parser<infer T> ? T : never;

/** One setting's entry, with the types of its own values. */
export function declared<Name extends SettingName>(name: Name): Declared<Name> {
  return table.find((s): s is Declared<Name> => s.name === name)!;
}
