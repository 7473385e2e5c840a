import { ConfigError, runContextVariable } from "./settings";

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
  /** The token the rate-limit probe spends; its own where the token source can mint one. */
  probeToken: string;
  expiredToken?: string;
  /** A token from the target's issuer without the itwin-platform scope; only the embedded service can mint one. */
  noScopeToken?: string;
  rateLimitBudget: number;
  requestTimeoutMs: number;
  maxRetryAfterSeconds: number;
  startedAt: string;
}

/** Every object the suite creates is named with this, so a human or a sweep can tell it apart. */
export const suiteNamePrefix = "conformance-suite";

export function publishRunContext(context: RunContext): void {
  process.env[runContextVariable] = JSON.stringify(context);
}

export function readRunContext(): RunContext {
  const raw = process.env[runContextVariable];
  if (!raw) throw new ConfigError("the run context is missing: run the suite through `npm run conformance` or `npx playwright test`, which resolve the target first");
  return JSON.parse(raw) as RunContext;
}
