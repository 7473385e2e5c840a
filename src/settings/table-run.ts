import { ed25519PrivateKey, folder, text, wholeNumber } from "./parsers";
import type { Setting } from "./declaration";
import { defaultExploreRequests, defaultExploreSeed, exploreSeedSetting } from "../exploration/settings";

/** The settings of how a run goes: its request budget and pacing, time-outs, and where it writes and reads. */

export const embeddedRateLimitBudget = 1000;

/** In the order of the help. */
export const runSettings = [
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
  // The exploration's two settings (docs/exploration.md).
  {
    name: "CONFORMANCE_EXPLORE_REQUESTS",
    flag: "--explore-requests",
    placeholder: "<n>",
    kind: "number",
    parse: wholeNumber(0, 1_000_000),
    default: defaultExploreRequests,
    description: "the most requests the exploration (generated requests and sequences) may send",
    details:
      "Every request counts, the readings of state and re-provisioning included, and each waits for its turn " +
      "under CONFORMANCE_CONCURRENCY and CONFORMANCE_REQUESTS_PER_MINUTE. 0 turns the exploration off.",
    example: "0",
  },
  {
    name: "CONFORMANCE_EXPLORE_SEED",
    flag: "--explore-seed",
    placeholder: "<n|random|replay>",
    kind: "text",
    parse: exploreSeedSetting,
    default: defaultExploreSeed,
    description: "the exploration's seed: the same seed explores the same way",
    details:
      "A whole number (default 1, so the verdict is the same on every run), random (new ground each run, " +
      "for nightly runs), or a finding's replay <seed>:<generation|sequences>:<path>, which sends that case again.",
    example: "random",
  },
  {
    name: "CONFORMANCE_REPORT_DIR",
    flag: "--report-dir",
    placeholder: "<dir>",
    kind: "path",
    parse: text,
    // Resolved against the working directory where it is used (run-settings.ts, given.ts).
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
    name: "CONFORMANCE_SIGNING_KEY",
    flag: "--signing-key",
    placeholder: "<pem|file>",
    // A key, not a client's secret: a file's path is resolved by its parser.
    kind: "text",
    parse: ed25519PrivateKey,
    secret: true,
    description: "an Ed25519 private key (PEM, or its file) that signs the run's statement",
    details:
      "The reports then carry conformance.sigstore.json, a Sigstore bundle of the statement conformance.intoto.json, " +
      "which npm run verify checks against the public key; see docs/reports.md.",
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
