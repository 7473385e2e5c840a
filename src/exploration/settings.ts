/** The exploration's settings' defaults and parser, declared in the settings table (src/settings/table-run.ts). */
export { defaultExploreSeed, exploreSeedSetting, resolveExploreSeed } from "./seed";

/**
 * The default request budget: on the embedded service the coverage phase, a
 * few hundred generated requests and some sequences, within about 5 s; against
 * an external target, where each request waits out the network and the run's
 * pacing, the coverage phase and fewer generated requests and sequences.
 */
export const defaultExploreRequests = { embedded: 600, external: 300 };

const variables = ["CONFORMANCE_EXPLORE_REQUESTS", "CONFORMANCE_EXPLORE_SEED"];

/** Only the exploration's settings of `env`: what the judge takes from its caller's environment. */
export function explorationEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => variables.includes(name)));
}
