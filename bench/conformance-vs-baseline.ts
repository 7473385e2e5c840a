/**
 * Wall time of the main job (`npm run conformance` on the embedded reference
 * service) against its baseline (a bare Playwright run of one trivial API
 * request), run side by side, alternating, in one process: the machine is
 * shared and noisy, so it reports medians and their ratio.
 *
 *   npm run bench [-- --rounds 7]
 *
 * It also times the run without the exploration (CONFORMANCE_EXPLORE_REQUESTS=0)
 * and reports the exploration's share. Exits 1 when the median ratio is above
 * 2.5 (the project's bar).
 */
import { alternate, median, npm, npx, roundsFromArgs, seconds } from "./timing";

const rounds = roundsFromArgs(5);
const maxRatio = 2.5;

const samples = alternate(
  {
    conformance: [npm, ["run", "-s", "conformance"]],
    // The same run without the exploration: what the exploration costs (docs/exploration.md).
    unexplored: ["env", ["CONFORMANCE_EXPLORE_REQUESTS=0", npm, "run", "-s", "conformance"]],
    baseline: [npx, ["playwright", "test", "-c", "bench/baseline/playwright.config.ts"]],
  },
  rounds,
);

const conformance = median(samples.conformance);
const baseline = median(samples.baseline);
const ratio = conformance / baseline;
console.log(`rounds: ${rounds} (alternating, after one warm-up each)`);
console.log(
  `npm run conformance           median ${seconds(conformance)}  samples ${samples.conformance.map(seconds).join(" ")}`,
);
console.log(
  `bare Playwright, one request  median ${seconds(baseline)}  samples ${samples.baseline.map(seconds).join(" ")}`,
);
const unexplored = median(samples.unexplored);
console.log(
  `  without the exploration       median ${seconds(unexplored)}  samples ${samples.unexplored.map(seconds).join(" ")}`,
);
console.log(
  `  the exploration's share       ${seconds(conformance - unexplored)} = ${(((conformance - unexplored) / conformance) * 100).toFixed(0)}% of the run`,
);
console.log(`ratio of medians: ${ratio.toFixed(2)} (bar: at most ${maxRatio})`);
process.exit(ratio <= maxRatio ? 0 : 1);
