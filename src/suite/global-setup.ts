/**
 * Resolves the target once per run: checks the configuration, starts the
 * embedded reference service when no external target is set (or checks that
 * the external one answers), gets the tokens and hands all of it to the
 * workers. A configuration or connection problem ends the run here with one
 * message and exit code 2, before any test.
 */
import { ConfigError, configurationErrorExit, ProvisioningError } from "../core/errors";
import { redact } from "../core/secrets";
import { newRunIdentity, publishRunContext, publishRunTraffic, type RunContext } from "../settings/run-context";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { obtainToken, type ObtainedToken } from "../auth/obtain-token";
import { identities } from "../settings/identities";
import type { RequestGate } from "../client/request-gate";
import { loadManifest, type Manifest } from "../provisioning/manifest";
import type { Settings } from "../settings/settings";
import { runSettings } from "../settings/run-settings";
import { startEmbeddedTarget } from "../reference-service/embedded-target";
import { clearPreviousVerdict } from "../reporting/report-dir";
import { preflight, unreachableTarget } from "./preflight";
import { startStateLock } from "./state-lock";
import { remoteGate, startRequestGate } from "./request-gate";
import { RunResources } from "./run-resources";
import type { ClaimServer } from "./claim-server";
import { beginRateLimitProbe } from "./early-rate-limit-probe";
import { resolveExploreSeed } from "../exploration/seed";

export default async function globalSetup(): Promise<(() => Promise<void>) | undefined> {
  let settings: Settings;
  let manifest: Manifest | undefined;
  // Read once for the run, by its configuration (src/settings/run-settings.ts).
  const run = runSettings();
  try {
    if (!run.settings) throw run.problem;
    settings = run.settings;
    // Relative to where the user runs the suite, as any path in a setting.
    manifest =
      settings.manifestPath === undefined
        ? undefined
        : loadManifest(path.resolve(settings.manifestPath), settings.itwinId);
    if (manifest && settings.otherItwinId === manifest.itwinId) {
      throw new ConfigError(
        "configuration error: CONFORMANCE_OTHER_ITWIN_ID is the manifest's own itwinId: name another iTwin the admin identity administers",
      );
    }
  } catch (error) {
    return stop(error);
  }
  const identity = newRunIdentity();
  const runDir = mkdtempSync(path.join(tmpdir(), `conformance-run-${identity.runId}-`));
  const stateLock = await startStateLock();
  const gate = await startRequestGate({
    concurrency: settings.concurrency,
    requestsPerMinute: settings.requestsPerMinute,
  });
  let resources: RunResources | undefined;
  let rateLimitProbe: ClaimServer | undefined;
  const endRun = async () => {
    // What the run's end could not delete is told once, and fails the run through its reporter; never a stack trace.
    const cleanUpProblem = await resources?.delete().then(
      () => undefined,
      (error: unknown) => redact(error instanceof Error ? error.message : String(error)),
    );
    if (cleanUpProblem) console.error(`clean-up: ${cleanUpProblem}`);
    // The reporter, in this process, reports the run's traffic.
    publishRunTraffic(gate.stats(), cleanUpProblem);
    rmSync(runDir, { recursive: true, force: true });
    await Promise.all([stateLock.close(), gate.close(), rateLimitProbe?.close()]);
  };
  const common = {
    ...identity,
    runDir,
    stateLockUrl: stateLock.url,
    requestGateUrl: gate.url,
    settings,
    exploration: { requests: settings.exploreRequests, seed: resolveExploreSeed(settings.exploreSeed) },
  };

  if (settings.baseUrl === undefined) {
    const { service, ...target } = await startEmbeddedTarget();
    const context: RunContext = { ...common, ...target, embedded: true };
    try {
      // First: its wait for Retry-After then overlaps everything else that starts the run.
      rateLimitProbe = await beginRateLimitProbe(context);
      context.rateLimitProbeUrl = rateLimitProbe?.url;
      resources = await createRunResources(context);
      startVerdict();
      publishRunContext({ ...context, roleId: resources?.roleId });
    } catch (error) {
      await endRun();
      await service.close();
      return stop(error);
    }
    return async () => {
      try {
        await endRun();
      } finally {
        await service.close();
      }
    };
  }

  let admin: Pick<RunContext, "adminToken" | "adminGrant">;
  let granted: RunContext["identities"];
  try {
    // The tokens first: a client the token endpoint refuses is the likelier mistake, and it needs no target.
    // The waits share one budget, so a broken configuration ends within about 10 s.
    const budget = setupBudgetMs(settings);
    const deadline = Date.now() + budget;
    const configured = identities.flatMap((identity) => {
      const credentials = settings.identities[identity.key];
      return credentials ? [{ identity, credentials }] : [];
    });
    // Every token at once, a round trip saved; the admin's problem is told first when several have one.
    const answers = await Promise.allSettled([
      obtainToken(settings.credentials!, budget),
      ...configured.map(({ identity, credentials }) => obtainToken(credentials, budget, identity.client)),
    ]);
    const rejected = answers.find((answer) => answer.status === "rejected");
    if (rejected) throw rejected.reason;
    const [obtained, ...others] = answers.map((answer) => (answer as PromiseFulfilledResult<ObtainedToken>).value);
    // Static tokens take no time; after a grant, each wait gets what is left (at least a second).
    const granting = [obtained, ...others].some((answer) => answer?.grant !== undefined);
    const left = () => (granting ? Math.max(1000, deadline - Date.now()) : budget);
    admin = { adminToken: obtained!.token, adminGrant: obtained!.grant };
    granted = Object.fromEntries(configured.map(({ identity }, index) => [identity.key, others[index]!]));
    await checkReachable(settings.baseUrl, left(), remoteGate(gate.url));
    // With the run's own identity: a refused token or an unknown iTwin stops the run here, not in every check.
    await preflight({
      baseUrl: settings.baseUrl,
      token: admin.adminToken,
      credentialSetting: settings.credentials!.kind === "token" ? "CONFORMANCE_TOKEN" : "CONFORMANCE_CLIENT_ID",
      itwinId: manifest?.itwinId ?? settings.itwinId!,
      itwinSetting: settings.itwinId !== undefined ? "CONFORMANCE_ITWIN_ID" : "the itwinId of CONFORMANCE_MANIFEST",
      memberGroups: manifest?.memberGroupIds.map((groupId, index) => ({
        groupId,
        setting: `memberGroupIds[${index}] of CONFORMANCE_MANIFEST`,
      })),
      timeoutMs: left(),
      gate: remoteGate(gate.url),
    });
  } catch (error) {
    await endRun();
    return stop(error);
  }
  const context: RunContext = {
    ...common,
    ...admin,
    baseUrl: settings.baseUrl,
    itwinId: manifest?.itwinId ?? settings.itwinId!,
    manifest,
    embedded: false,
    // Against an external target the probe spends the admin identity's quota; it runs last for that reason.
    probeToken: admin.adminToken,
    expiredToken: settings.expiredToken,
    noScopeToken: settings.noScopeToken,
    identities: granted,
    otherItwinId: settings.otherItwinId,
  };
  // A manifest's groups are members already: nothing is created, a role neither.
  if (settings.fixtures === "api") {
    try {
      resources = await createRunResources(context);
      context.roleId = resources?.roleId;
    } catch (error) {
      await endRun();
      return stop(error);
    }
  }
  startVerdict();
  publishRunContext(context);
  return endRun;
}

/**
 * The setup holds: this run will give a verdict, so the previous run's
 * verdict and results go (Allure would count them as retries of this run's).
 * A run that stops before, without a verdict, leaves them as they were.
 */
function startVerdict(): void {
  clearPreviousVerdict(runSettings().reportDir);
}

/** What the global setup may wait for the token endpoint and the target together. */
function setupBudgetMs(settings: Settings): number {
  return Math.min(settings.requestTimeoutMs, 10_000);
}

/** Any HTTP answer will do; no credential is sent. It takes its turn at the gate like every request. */
async function checkReachable(baseUrl: string, timeoutMs: number, gate: RequestGate): Promise<void> {
  const release = await gate.pass("check");
  try {
    const response = await fetch(baseUrl, {
      method: "HEAD",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    release({ status: response.status });
  } catch (error) {
    release();
    throw unreachableTarget(baseUrl, error, timeoutMs);
  }
}

/**
 * The run's role, the first thing a run creates. An identity the target
 * refuses it to (401, 403), or a target without the route (an answer no
 * deployment of the API gives), cannot provision anything: that is the
 * setup's mistake, one message and exit 2. Any other failure is the target's,
 * for the checks to meet: the workers then try to create roles of their own,
 * and each check that needs one reports what the target did.
 */
async function createRunResources(run: RunContext): Promise<RunResources | undefined> {
  try {
    return await RunResources.create(run);
  } catch (error) {
    if (error instanceof ProvisioningError && error.missingRoute) {
      throw new ConfigError(
        `setup error: the target does not answer createItwinRole like the Access Control API, so the suite cannot provision its test data: ${error.missingRoute}. ` +
          "Check CONFORMANCE_BASE_URL; a target without the sibling operations runs with CONFORMANCE_FIXTURES=manifest",
      );
    }
    if (!(error instanceof ProvisioningError) || (error.status !== 401 && error.status !== 403)) return undefined;
    throw new ConfigError(
      `setup error: the suite could not create its role, so it cannot provision its test data (${redact(error.message)}); ` +
        "the admin identity must be allowed to create roles and groups in the iTwin, or use CONFORMANCE_FIXTURES=manifest",
    );
  }
}

function stop(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(configurationErrorExit);
  }
  // Not a setup error: the run fails (exit 1) and its reporters write a verdict of that, over the previous run's.
  startVerdict();
  throw error;
}
