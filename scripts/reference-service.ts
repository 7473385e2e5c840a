/**
 * Runs the reference service on its own, as a stand-in for the real API:
 *   npm run reference-service            (port from REFERENCE_PORT, default: a free one)
 * REFERENCE_DEVIATIONS=name,name starts it with mutants or variants switched
 * on (specs/mutants.yaml, specs/variants.yaml). Prints its URLs, client ids and seed ids; the client secrets are the
 * documented development defaults unless REFERENCE_<CLIENT>_SECRET is set
 * (REFERENCE_ADMIN_SECRET, REFERENCE_ORG_ADMIN_SECRET, …), and are never printed.
 */
import { parseDeviations } from "../src/reference-service/deviations/switchboard";
import { referenceClients, secretVariable, type ReferenceClients } from "../src/reference-service/seed";
import { startReferenceService } from "../src/reference-service/service";

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw)) {
    console.error(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}

/** Each client's secret from its REFERENCE_<CLIENT>_SECRET, where one is set. */
function secretsFromEnv(): Partial<Record<keyof ReferenceClients, string>> {
  const clients = Object.keys(referenceClients({})) as (keyof ReferenceClients)[];
  return Object.fromEntries(
    clients.flatMap((c) => (process.env[secretVariable(c)] ? [[c, process.env[secretVariable(c)]]] : [])),
  );
}

async function main(): Promise<void> {
  let deviations: ReturnType<typeof parseDeviations>;
  try {
    deviations = parseDeviations(process.env.REFERENCE_DEVIATIONS);
  } catch (error) {
    console.error(`REFERENCE_DEVIATIONS: ${(error as Error).message}`);
    process.exit(2);
  }
  const service = await startReferenceService({
    deviations,
    port: intFromEnv("REFERENCE_PORT", 0),
    rateLimit: {
      limit: intFromEnv("REFERENCE_RATE_LIMIT", 500),
      windowSeconds: Math.max(1, intFromEnv("REFERENCE_RATE_WINDOW_SECONDS", 60)),
    },
    secrets: secretsFromEnv(),
  });
  console.log(
    [
      `Reference service for "Remove iTwin group member" listening on ${service.origin}`,
      `  CONFORMANCE_BASE_URL=${service.baseUrl}`,
      `  token endpoint:       ${service.tokenUrl} (client credentials, scope itwin-platform)`,
      `  admin client:         ${service.clients.admin.clientId}`,
      `  reader client:        ${service.clients.reader.clientId} (can read, cannot remove members)`,
      `  probe client:         ${service.clients.probe.clientId} (an administrator on a lower rate-limit tier)`,
      `  remover client:       ${service.clients.remover.clientId} (may read and remove members, nothing more)`,
      `  org-admin client:     ${service.clients.orgAdmin.clientId} (administers the iTwins' organization, no iTwin role)`,
      `  CONFORMANCE_ITWIN_ID=${service.seed.itwinId}`,
      `  second iTwin:         ${service.seed.otherItwinId}`,
      `  seeded member group:  ${service.seed.seededGroupId}`,
      ...(deviations.size
        ? [`  DEVIATIONS ON:        ${[...deviations].join(", ")} (see specs/mutants.yaml, specs/variants.yaml)`]
        : []),
      "Ctrl-C stops it.",
    ].join("\n"),
  );
  const stop = () => void service.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`reference-service: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
