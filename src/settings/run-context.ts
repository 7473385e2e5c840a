import { ConfigError } from "../core/errors";
import { randomBytes } from "node:crypto";
import type { Manifest } from "../provisioning/manifest";
import type { ClientCredentialsGrant, IssuedToken } from "../auth/token-source";
import { registerSecret } from "../core/secrets";
import { runContextVariable, type RunSettings } from "./settings";
import { knownSettings, settingKey } from "./table";
import type { TrafficStats } from "../client/request-gate";
import type { IdentityKey } from "./identities";

/** An identity's token, and with the client-credentials grant how workers fetch a new one before it expires. */
export interface IdentityToken {
  token: string;
  grant?: { grant: ClientCredentialsGrant; token: IssuedToken };
}

/**
 * Everything a worker needs about the run, resolved once by the global setup
 * and handed to the workers through one environment variable. It holds
 * tokens, so it is never written to a file or printed.
 */
export interface RunContext {
  runId: string;
  /** The prefix of every object the suite creates in this run. */
  namePrefix: string;
  baseUrl: string;
  itwinId: string;
  embedded: boolean;
  adminToken: string;
  /** With the client-credentials grant: how workers fetch a new admin token before this one expires. */
  adminGrant?: { grant: ClientCredentialsGrant; token: IssuedToken };
  /** The token the rate-limit probe spends; its own where the token source can mint one. */
  probeToken: string;
  expiredToken?: string;
  /** A token from the target's issuer without the itwin-platform scope; only the embedded service can mint one. */
  noScopeToken?: string;
  /** The tokens of the identities of src/settings/identities.ts that are set (the unprivileged one, …). */
  identities?: Partial<Record<IdentityKey, IdentityToken>>;
  /** Another iTwin the admin identity administers. */
  otherItwinId?: string;
  /** The run's settings, every entry of the table, as the run resolved them once (run-settings.ts). */
  settings: RunSettings;
  /** With fixtures "manifest": the manifest's ids, checked and resolved. */
  manifest?: Manifest;
  /** A folder of this run shared by its workers (manifest claims); removed at its end. */
  runDir?: string;
  /** The run's state lock (src/suite/state-lock.ts), shared by its workers. */
  stateLockUrl?: string;
  /** The run's request gate (src/suite/request-gate.ts): concurrency and pacing across its workers. */
  requestGateUrl?: string;
  /** The rate-limit probe the setup began (src/suite/early-rate-limit-probe.ts); absent: the check probes itself. */
  rateLimitProbeUrl?: string;
  /** The role the run's member groups hold, created by the global setup (api fixtures, the run's own target). */
  roleId?: string;
  /** The exploration's budget and seed, `random` resolved once for every worker; absent: its defaults. */
  exploration?: { requests: number; seed: string };
  startedAt: string;
  /** Set when the run ends (publishRunTraffic): what it sent to the target. */
  traffic?: TrafficStats;
  /** Set when the run ends, when what it created could not all be deleted. */
  cleanUpProblem?: string;
}

/** Every secret a run context holds, for redaction: its tokens, and every setting the table marks secret. */
export function contextSecrets(context: Partial<RunContext>): (string | undefined)[] {
  const settings = context.settings as Partial<Record<string, unknown>> | undefined;
  return [
    ...knownSettings.filter((s) => s.secret).map((s) => settings?.[settingKey(s)] as string | undefined),
    context.adminToken,
    context.probeToken,
    context.expiredToken,
    context.noScopeToken,
    context.adminGrant?.grant.clientSecret,
    ...Object.values(context.identities ?? {}).flatMap((identity) => [
      identity.token,
      identity.grant?.grant.clientSecret,
    ]),
  ];
}

/** Every object the suite creates is named with this, so a human or a sweep can tell it apart. */
export const suiteNamePrefix = "conformance-suite";

/** A new run's id (its start time and a random part), the name prefix derived from it and the start time. */
export function newRunIdentity(): Pick<RunContext, "runId" | "namePrefix" | "startedAt"> {
  const startedAt = new Date().toISOString();
  const runId = `${startedAt.replace(/[-:]/g, "").slice(0, 15)}-${randomBytes(3).toString("hex")}`;
  return { runId, namePrefix: `${suiteNamePrefix}-${runId}`, startedAt };
}

export function publishRunContext(context: RunContext): void {
  process.env[runContextVariable] = JSON.stringify(context);
}

/** Set by the run's end, in the process that started it, for its reporter: what the run sent. */
export function publishRunTraffic(traffic: TrafficStats, cleanUpProblem?: string): void {
  process.env[runContextVariable] = JSON.stringify({ ...publishedRunContext(), traffic, cleanUpProblem });
}

/** For a worker: the run context its run published; a run without one was not started by the suite's setup. */
export function readRunContext(): RunContext {
  const context = publishedRunContext();
  if (!context)
    throw new ConfigError(
      "the run context is missing: run the suite through `npm run conformance` or `npx playwright test`, which resolve the target first",
    );
  return context as RunContext;
}

let parsed: { raw: string; context: Partial<RunContext> } | undefined;

/**
 * The run context as published so far, parsed once per process however many
 * modules ask (a worker's configuration and fixtures, the reporter), its
 * secrets registered for redaction; undefined when none is published or it
 * does not parse.
 */
export function publishedRunContext(env: NodeJS.ProcessEnv = process.env): Partial<RunContext> | undefined {
  const raw = env[runContextVariable];
  if (!raw) return undefined;
  if (parsed?.raw !== raw) {
    try {
      parsed = { raw, context: parseRunContext(raw) };
    } catch {
      return undefined;
    }
  }
  return parsed.context;
}

/** A run context from its JSON (the suite's, or one a judge's project publishes), its secrets registered for redaction. */
export function parseRunContext(raw: string): Partial<RunContext> {
  const context = JSON.parse(raw) as Partial<RunContext>;
  for (const secret of contextSecrets(context)) registerSecret(secret);
  return context;
}
