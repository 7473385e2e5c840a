/**
 * Wall time of the main job (`npm run conformance` on the embedded reference
 * service) against its baseline (a bare Playwright run of one trivial API
 * request), run side by side, alternating, in one process: the machine is
 * shared and noisy, so it reports medians and their ratio.
 *
 *   npm run bench [-- --rounds 7]
 *
 * Exits 1 when the median ratio is above 2.5 (the project's bar).
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const roundsArg = process.argv.indexOf("--rounds");
const rounds = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 5;
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) {
  console.error("--rounds takes a whole number from 1 to 50");
  process.exit(2);
}
const maxRatio = 2.5;
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

const contenders = {
  conformance: [npm, ["run", "-s", "conformance"]],
  baseline: [npx, ["playwright", "test", "-c", "bench/baseline/playwright.config.ts"]],
} as const;

function timeOnce(command: string, args: readonly string[]): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: root, stdio: "ignore", env: { ...process.env, CI: "" }, timeout: 120_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}`);
    process.exit(2);
  }
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// One warm-up of each fills Playwright's transform cache, as on any second run.
for (const [command, args] of Object.values(contenders)) timeOnce(command, args);
const samples: Record<keyof typeof contenders, number[]> = { conformance: [], baseline: [] };
for (let round = 0; round < rounds; round++) {
  for (const name of (round % 2 ? ["baseline", "conformance"] : ["conformance", "baseline"]) as (keyof typeof contenders)[]) {
    const [command, args] = contenders[name];
    samples[name].push(timeOnce(command, args));
  }
}

const conformance = median(samples.conformance);
const baseline = median(samples.baseline);
const ratio = conformance / baseline;
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(`rounds: ${rounds} (alternating, after one warm-up each)`);
console.log(`npm run conformance           median ${fmt(conformance)}  samples ${samples.conformance.map(fmt).join(" ")}`);
console.log(`bare Playwright, one request  median ${fmt(baseline)}  samples ${samples.baseline.map(fmt).join(" ")}`);
console.log(`ratio of medians: ${ratio.toFixed(2)} (bar: at most ${maxRatio})`);
process.exit(ratio <= maxRatio ? 0 : 1);
