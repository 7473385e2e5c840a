/**
 * Resolves the target once per run: checks the configuration, starts the
 * embedded reference service when no external target is set (or checks that
 * the external one answers), gets the tokens and hands all of it to the
 * workers. A configuration or connection problem ends the run here with one
 * message and exit code 2, before any test.
 */
import { randomBytes } from "node:crypto";
import { requestClientCredentialsToken } from "../../src/auth/client-credentials";
import { loadEnvFile } from "../../src/config/env-file";
import { publishRunContext, suiteNamePrefix, type RunContext } from "../../src/config/run-context";
import { ConfigError, readSettings, type Settings } from "../../src/config/settings";
import { platformScope } from "../../src/reference-service/auth";
import { startReferenceService } from "../../src/reference-service/server";
import { clearPreviousVerdict, reportDir } from "../../src/reporting/report-dir";

/** The exit code of a configuration or connection error (README: Exit codes). */
const configurationErrorExit = 2;

/** The embedded service's limit: low enough for the probe to reach in a few batches, high enough for the rest of the run. */
const embeddedRateLimit = { limit: 100, windowSeconds: 1 };

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  let settings: Settings;
  try {
    try {
      loadEnvFile();
    } finally {
      clearPreviousVerdict(reportDir());
    }
    settings = readSettings(process.env);
  } catch (error) {
    return stop(error);
  }
  const startedAt = new Date().toISOString();
  const runId = `${startedAt.replace(/[-:]/g, "").slice(0, 15)}-${randomBytes(3).toString("hex")}`;
  const common = {
    runId,
    namePrefix: `${suiteNamePrefix}-${runId}`,
    rateLimitBudget: settings.rateLimitBudget,
    requestTimeoutMs: settings.requestTimeoutMs,
    maxRetryAfterSeconds: settings.maxRetryAfterSeconds,
    startedAt,
  };

  if (settings.baseUrl === undefined) {
    const service = await startReferenceService({ rateLimit: embeddedRateLimit });
    const token = () =>
      requestClientCredentialsToken({ tokenUrl: service.tokenUrl, ...service.clients.admin, scope: platformScope, timeoutMs: 5000 });
    const [admin, probe] = await Promise.all([token(), token()]);
    const context: RunContext = {
      ...common,
      baseUrl: service.baseUrl,
      itwinId: service.seed.itwinId,
      embedded: true,
      adminToken: admin.accessToken,
      probeToken: probe.accessToken,
      expiredToken: await service.issuer.mint({ clientId: service.clients.admin.clientId, scopes: [platformScope], lifetimeSeconds: -120 }),
      noScopeToken: await service.issuer.mint({ clientId: service.clients.admin.clientId, scopes: ["openid"], lifetimeSeconds: 600 }),
    };
    publishRunContext(context);
    return () => service.close();
  }

  try {
    await checkReachable(settings.baseUrl, Math.min(settings.requestTimeoutMs, 10_000));
  } catch (error) {
    return stop(error);
  }
  publishRunContext({
    ...common,
    baseUrl: settings.baseUrl,
    itwinId: settings.itwinId!,
    embedded: false,
    adminToken: settings.token!,
    probeToken: settings.token!,
    expiredToken: settings.expiredToken,
    noScopeToken: settings.noScopeToken,
  });
  return undefined;
}

/** Any HTTP answer will do; no credential is sent. */
async function checkReachable(baseUrl: string, timeoutMs: number): Promise<void> {
  try {
    const response = await fetch(baseUrl, { method: "HEAD", redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new ConfigError(`connection error: the target ${baseUrl} cannot be reached (${reason})`);
  }
}

function stop(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(configurationErrorExit);
  }
  throw error;
}
