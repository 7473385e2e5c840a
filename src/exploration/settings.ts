/** The exploration's settings' defaults and parser, declared in the settings table (src/settings/table-run.ts). */
export { defaultExploreSeed, exploreSeedSetting, resolveExploreSeed } from "./seed";

/**
 * The default request budget: the coverage phase, a few hundred generated
 * requests and some sequences, within about 5 s on the embedded service.
 */
export const defaultExploreRequests = 600;

const variables = ["CONFORMANCE_EXPLORE_REQUESTS", "CONFORMANCE_EXPLORE_SEED"];

/** Only the exploration's settings of `env`: what the judge takes from its caller's environment. */
export function explorationEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => variables.includes(name)));
}
