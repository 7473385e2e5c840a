/**
 * The judge's cost per judged instance against one conformance run: the
 * judge on its first 40 instances, the judge on all of them, and
 * `npm run conformance` on the embedded service, alternating in one process
 * (the machine is shared and noisy: medians and ratios).
 *
 *   npm run bench:judge [-- --rounds 3]
 *
 * Exits 1 when the judge of 40 instances takes more than 60 s (median).
 */
import { judgedInstances, projectName } from "../src/judge/instances";
import { alternate, median, npm, npx, roundsFromArgs, seconds } from "./timing";

const rounds = roundsFromArgs(3);
const subset = judgedInstances.slice(0, 40);
const bar40Ms = 60_000;
const judge = [npx, ["playwright", "test", "-c", "tests/judge/judge.config.ts"]] as const;

const samples = alternate(
  {
    single: [npm, ["run", "-s", "conformance"]],
    judge40: [judge[0], [...judge[1], ...subset.flatMap((i) => ["--project", projectName(i)])]],
    judgeAll: judge,
  },
  rounds,
  300_000,
);

const single = median(samples.single);
const judge40 = median(samples.judge40);
const judgeAll = median(samples.judgeAll);
const row = (label: string, values: number[], instances?: number) => {
  const m = median(values);
  const perInstance = instances
    ? `  per instance ${seconds(m / instances)} = ${(m / instances / single).toFixed(2)} × one conformance run`
    : "";
  console.log(`${label.padEnd(34)} median ${seconds(m)}${perInstance}  samples ${values.map(seconds).join(" ")}`);
};
console.log(`rounds: ${rounds} (alternating, after one warm-up each)`);
row("npm run conformance (one run)", samples.single);
row(`judge, first ${subset.length} instances`, samples.judge40, subset.length);
row(`judge, all ${judgedInstances.length} instances`, samples.judgeAll, judgedInstances.length);
console.log(
  `judge of ${subset.length} instances: ${seconds(judge40)} (bar: at most ${seconds(bar40Ms)}); all: ${seconds(judgeAll)}`,
);
process.exit(judge40 <= bar40Ms ? 0 : 1);
