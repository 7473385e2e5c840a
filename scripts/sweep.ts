/**
 * Deletes what earlier runs of the suite left on the target (a run killed
 * mid-provisioning, an answer lost on the way): groups and roles named
 * `conformance-suite-<run id> …` whose run started longer ago than
 * --older-than. Nothing else is touched.
 *
 *   npm run sweep -- [--older-than 1h] [--force] [--dry-run]
 *
 * Reads the same settings as the suite (environment, then .env). Exit codes:
 * 0 swept (or nothing to sweep), 1 something could not be listed or deleted,
 * 2 bad arguments or configuration.
 */
import { ConfigError, TargetUnavailableError } from "../src/core/errors";
import { parseArgs } from "node:util";
import { obtainToken } from "../src/auth/obtain-token";
import { tokenSource } from "../src/auth/token-source";
import { ApiClient } from "../src/client/api-client";
import { loadEnvFile } from "../src/settings/env-file";
import { readSettings } from "../src/settings/settings";
import { minimumAge, parseAge, sweep, SweepError, type Leftover } from "../src/provisioning/sweep";
import { redact } from "../src/core/secrets";
import { didYouMean } from "../src/core/did-you-mean";

const usage = `usage: npm run sweep -- [--older-than <age>] [--force] [--dry-run]

Deletes the groups and roles that earlier runs of the conformance suite left
in CONFORMANCE_ITWIN_ID on CONFORMANCE_BASE_URL: only objects named
"conformance-suite-<run id> ..." whose run started more than <age> ago.

  --older-than <age>  a number with its unit (s, m, h, d): 90s, 30m, 6h, 2d;
                      default ${minimumAge.text}. Under ${minimumAge.text} (as long as a run against a
                      remote target may last) it is refused without --force:
                      a run still going loses its objects to a sweep younger
                      than itself.
  --force             accept an age under ${minimumAge.text}; 0 sweeps every run's objects,
                      running or not: only when no run is going
  --dry-run           list what would be deleted, delete nothing
  --help              this text

Exit codes: 0 swept, 1 something could not be listed or deleted, 2 bad arguments or configuration.`;

async function main(): Promise<number> {
  let args: { "older-than"?: string; force?: boolean; "dry-run"?: boolean; help?: boolean };
  const options = {
    "older-than": { type: "string" },
    force: { type: "boolean" },
    "dry-run": { type: "boolean" },
    help: { type: "boolean" },
  } as const;
  try {
    args = parseArgs({ options, strict: true }).values;
  } catch (error) {
    // Node's own message for an unknown option explains positional arguments, which the sweep has none of.
    const unknown = /^Unknown option '([^']*)'/.exec((error as Error).message)?.[1];
    const flags = Object.keys(options).map((name) => `--${name}`);
    throw new ConfigError(
      unknown === undefined
        ? `sweep: ${(error as Error).message}; see --help`
        : `sweep: unknown option ${unknown}${didYouMean(unknown, flags)}; see --help`,
    );
  }
  if (args.help) {
    console.log(usage);
    return 0;
  }
  // A dry run deletes nothing, so it may look at any age without --force.
  const age = parseAge(args["older-than"] ?? minimumAge.text, { force: args.force || args["dry-run"] });
  if ("problem" in age) throw new ConfigError(age.problem);
  const ageMs = age.ms;

  loadEnvFile();
  const settings = readSettings(process.env);
  if (settings.baseUrl === undefined) {
    throw new ConfigError(
      "sweep: CONFORMANCE_BASE_URL is not set; the embedded reference service lives only as long as its run, so there is nothing to sweep",
    );
  }
  if (settings.fixtures === "manifest") {
    console.log(
      "sweep: CONFORMANCE_FIXTURES=manifest: the suite creates nothing on such a target, so there is nothing to sweep.",
    );
    return 0;
  }
  const timeoutMs = Math.min(settings.requestTimeoutMs, 10_000);
  const admin = await obtainToken(settings.credentials!, timeoutMs);
  const api = new ApiClient({
    baseUrl: settings.baseUrl,
    token: tokenSource(admin.token, admin.grant, timeoutMs),
    timeoutMs: settings.requestTimeoutMs,
    retry: { maxRetries: 3, maxWaitSeconds: settings.maxRetryAfterSeconds },
  });
  const olderThan = new Date(Date.now() - ageMs);
  const result = await sweep(api, settings.itwinId!, { olderThan, dryRun: args["dry-run"] });

  const line = (l: Leftover) => `  ${l.kind} ${l.id} "${l.name}" (run of ${l.runStartedAt.toISOString()})`;
  const verb = args["dry-run"] ? "would delete" : "deleted";
  console.log(
    `sweep of iTwin ${settings.itwinId} on ${settings.baseUrl}, runs started before ${olderThan.toISOString()}:`,
  );
  console.log(`${verb} ${result.deleted.length}${result.deleted.length ? ":" : ""}`);
  result.deleted.forEach((l) => console.log(line(l)));
  if (result.kept.length) console.log(`kept ${result.kept.length} of more recent runs (possibly still going)`);
  if (result.failed.length) {
    console.error(`could not delete ${result.failed.length}:`);
    result.failed.forEach(({ leftover, reason }) => console.error(`${line(leftover)}: ${redact(reason)}`));
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    if (error instanceof SweepError || error instanceof TargetUnavailableError) {
      console.error(`sweep: ${redact(error.message)}`);
      process.exit(1);
    }
    console.error(`sweep: ${redact(error instanceof Error ? error.message : String(error))}`);
    process.exit(1);
  },
);
