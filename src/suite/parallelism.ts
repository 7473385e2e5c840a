/**
 * The suite's default parallelism: Playwright workers of a run. The judge
 * meets every mutant with the same, so a verdict that would change with the
 * schedule shows there first.
 */
export const suiteWorkers = 2;
