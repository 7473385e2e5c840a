/**
 * Runs the reference service on its own, as a stand-in for the real API:
 *   npm run reference-service            (port from REFERENCE_PORT, default: a free one)
 * REFERENCE_DEVIATIONS=name,name starts it with mutants or variants switched
 * on (specs/mutants.yaml, specs/variants.yaml); REFERENCE_SEED=<text> makes
 * its ids the same on every start; it writes the settings of a run against
 * it, secrets and test tokens included, to a file only its owner can read
 * (REFERENCE_ENV_FILE=<file>, by default one in a temporary folder removed
 * when it stops), and a manifest beside it. It prints the settings
 * that are not secret; the client secrets are the documented development
 * defaults unless REFERENCE_<CLIENT>_SECRET is set, and are never printed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { removalsPerFullRun } from "../src/provisioning/manifest-data";
import { parseDeviations } from "../src/reference-service/deviations/switchboard";
import { platformScope } from "../src/reference-service/auth";
import { idSource } from "../src/reference-service/ids";
import { referenceClients, secretVariable, type ReferenceClients } from "../src/reference-service/seed";
import { startReferenceService, type ReferenceService } from "../src/reference-service/service";
import {
  allSettings,
  envFileText,
  manifestPathFor,
  manifestText,
  noScopeTokenLifetimeSeconds,
  publicSettings,
  rateLimitBudget,
  standaloneVariables as variables,
  writeOwnFile,
} from "../src/reference-service/standalone";
import { declared } from "../src/settings/table";

const clients = Object.keys(referenceClients({})) as (keyof ReferenceClients)[];

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

function intFromEnv(name: string, fallback: number, min = 0, max = 1_000_000): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    refuse(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}: fix it or unset it`);
  }
  return Number(raw);
}

/** Each client's secret from its REFERENCE_<CLIENT>_SECRET, where one is set. */
function secretsFromEnv(): Partial<Record<keyof ReferenceClients, string>> {
  return Object.fromEntries(
    clients.flatMap((c) => (process.env[secretVariable(c)] ? [[c, process.env[secretVariable(c)]]] : [])),
  );
}

function checkVariableNames(): void {
  const unknown = Object.keys(process.env).filter((n) => n.startsWith("REFERENCE_") && !variables.includes(n));
  if (unknown.length) {
    refuse(
      `${unknown.join(", ")}: not a variable of the reference service; it reads ${variables.join(", ")} (docs/reference-service.md)`,
    );
  }
}

async function start(options: Parameters<typeof startReferenceService>[0] & { port: number }) {
  try {
    return await startReferenceService(options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    return refuse(
      `REFERENCE_PORT ${options.port} is in use: choose another port, or unset REFERENCE_PORT for a free one`,
    );
  }
}

/** Writes the settings file and the manifest; returns their absolute paths. */
async function writeFiles(service: ReferenceService, file: string, rateLimit: number) {
  const envFile = path.resolve(file);
  const manifest = manifestPathFor(envFile);
  try {
    writeOwnFile(envFile, envFileText(await allSettings(service, rateLimit), service.origin), 0o600);
    writeOwnFile(manifest, manifestText(service), 0o600);
  } catch (error) {
    const { code, message, path: failed = envFile } = error as NodeJS.ErrnoException;
    await service.close();
    refuse(
      code
        ? `REFERENCE_ENV_FILE: cannot write ${JSON.stringify(failed)} (${code}): name a file in a folder you can write to`
        : `REFERENCE_ENV_FILE: ${message}`,
    );
  }
  return { envFile, manifest };
}

async function main(): Promise<void> {
  checkVariableNames();
  let deviations: ReturnType<typeof parseDeviations>;
  try {
    deviations = parseDeviations(process.env.REFERENCE_DEVIATIONS);
  } catch (error) {
    refuse(`REFERENCE_DEVIATIONS: ${(error as Error).message}`);
  }
  const port = intFromEnv("REFERENCE_PORT", 0, 0, 65_535);
  const rateLimit = {
    limit: intFromEnv("REFERENCE_RATE_LIMIT", 500, 1),
    windowSeconds: intFromEnv("REFERENCE_RATE_WINDOW_SECONDS", 60, 1, 3600),
  };
  const memberGroups = intFromEnv("REFERENCE_MEMBER_GROUPS", removalsPerFullRun + 1, 1, 1000);
  const seedText = process.env.REFERENCE_SEED || undefined;
  // By default in a folder of its own that only this user can read, removed when the service stops.
  const ownFolder = process.env.REFERENCE_ENV_FILE ? undefined : mkdtempSync(path.join(tmpdir(), "reference-service-"));
  const envFileSetting = process.env.REFERENCE_ENV_FILE || path.join(ownFolder!, "reference.env");
  const service = await start({
    deviations,
    port,
    rateLimit,
    secrets: secretsFromEnv(),
    newId: idSource(seedText),
    seed: { memberGroups, nonMemberGroups: 1 },
  });
  const removeOwnFolder = () => ownFolder && rmSync(ownFolder, { recursive: true, force: true });
  const files = await writeFiles(service, envFileSetting, rateLimit.limit).catch((error: unknown) => {
    removeOwnFolder();
    throw error;
  });
  console.log(banner(service, { deviations, rateLimit, seedText, files }));
  const stop = () =>
    void service.close().then(() => {
      removeOwnFolder();
      process.exit(0);
    });
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function banner(
  service: ReferenceService,
  options: {
    deviations: ReadonlySet<string>;
    rateLimit: { limit: number; windowSeconds: number };
    seedText?: string;
    files: { envFile: string; manifest: string };
  },
): string {
  const { clients: c, seed } = service;
  const { files, rateLimit } = options;
  const budget = rateLimitBudget(rateLimit.limit);
  const budgetName = declared("CONFORMANCE_RATE_LIMIT_BUDGET").name;
  const envFileName = declared("CONFORMANCE_ENV_FILE").name;
  const manifestSettings = `${declared("CONFORMANCE_FIXTURES").name}=manifest ${declared("CONFORMANCE_MANIFEST").name}`;
  return [
    `Reference service for "Remove iTwin group member" listening on ${service.origin}`,
    "Settings of a run against it (the client secrets are not printed; the first line reads them from their file):",
    `  export ${envFileName}=${files.envFile}`,
    ...publicSettings(service).map(({ name, value }) => `  export ${name}=${value}`),
    `Every setting, with the client secrets, an expired and a scope-less token, is in ${files.envFile} (mode 0600;`,
    `the scope-less token lasts ${noScopeTokenLifetimeSeconds / 60} minutes). A run of every check:`,
    `  ${envFileName}=${files.envFile} npm run conformance`,
    `A run with the seeded groups as its manifest (one per start: it removes them):`,
    `  ${envFileName}=${files.envFile} ${manifestSettings}=${files.manifest} npm run conformance`,
    `Tokens: client credentials with scope ${platformScope}, valid ${service.issuer.tokenLifetimeSeconds / 60} minutes,` +
      " and only while this start of the service runs.",
    `Rate limit: ${rateLimit.limit} requests per ${rateLimit.windowSeconds} s per token` +
      (budget === undefined ? "." : `; the 429 checks need ${budgetName}=${budget}.`),
    ...(budget === undefined
      ? []
      : [
          `The 429 probe then waits out the window: a run of every check takes about ${rateLimit.windowSeconds} s more` +
            (rateLimit.windowSeconds > 5 ? " (REFERENCE_RATE_WINDOW_SECONDS=5 makes it about 5 s)." : "."),
        ]),
    "Clients:",
    `  ${c.admin.clientId} administers both iTwins`,
    `  ${c.reader.clientId} can read, cannot remove members (the unprivileged identity)`,
    `  ${c.remover.clientId} may read and remove members, nothing more`,
    `  ${c.orgAdmin.clientId} administers the iTwins' organization, no iTwin role`,
    `  ${c.probe.clientId} an administrator on a lower rate-limit tier`,
    `Seeded member groups: ${seed.memberGroupIds.join(", ")} (the first is never removed by a manifest run` +
      (seed.memberGroupIds.length > removalsPerFullRun
        ? ")"
        : `; a full one removes ${removalsPerFullRun}: set REFERENCE_MEMBER_GROUPS=${removalsPerFullRun + 1})`),
    `Seeded group that is not a member: ${seed.nonMemberGroupIds.join(", ")}`,
    `Seeded role, held by the seeded member groups: ${seed.seededRoleId}`,
    options.seedText === undefined
      ? "Ids are random on every start; REFERENCE_SEED=<text> makes them the same on every start."
      : `Ids derive from REFERENCE_SEED: the same on every start with the same seed.`,
    ...(options.deviations.size
      ? [`DEVIATIONS ON: ${[...options.deviations].join(", ")} (see specs/mutants.yaml, specs/variants.yaml)`]
      : []),
    "Ctrl-C stops it.",
  ].join("\n");
}

main().catch((error: unknown) => {
  console.error(`reference-service: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
