import { spawnSync } from "node:child_process";
import path from "node:path";

/** Shared by the benchmarks: the machine is shared and noisy, so they alternate contenders and report medians. */
export const root = path.resolve(__dirname, "..");
export const npm = process.platform === "win32" ? "npm.cmd" : "npm";
export const npx = process.platform === "win32" ? "npx.cmd" : "npx";

/** `flag N` from the command line, a whole number from 1 to `max` (default `fallback`); a bad value ends the process with exit 2. */
export function wholeNumberArg(flag: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(flag);
  const value = index > 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`${flag} takes a whole number from 1 to ${max}`);
    process.exit(2);
  }
  return value;
}

/** --rounds N from the command line (default `fallback`); a bad value ends the process with exit 2. */
export function roundsFromArgs(fallback: number): number {
  return wholeNumberArg("--rounds", fallback, 50);
}

/** Wall time of one run of a command, in ms; a run that fails ends the benchmark with exit 2. */
export function timeOnce(command: string, args: readonly string[], timeoutMs = 120_000): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: "ignore",
    env: { ...process.env, CI: "" },
    timeout: timeoutMs,
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    console.error(`${command} ${args.join(" ")} exited ${result.status ?? result.signal}`);
    process.exit(2);
  }
  return ms;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Runs each contender once to warm Playwright's transform cache, then `rounds` times, alternating the order. */
export function alternate<K extends string>(
  contenders: Record<K, readonly [string, readonly string[]]>,
  rounds: number,
  timeoutMs?: number,
): Record<K, number[]> {
  const names = Object.keys(contenders) as K[];
  for (const name of names) timeOnce(contenders[name][0], contenders[name][1], timeoutMs);
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let round = 0; round < rounds; round++) {
    for (const name of round % 2 ? [...names].reverse() : names)
      samples[name].push(timeOnce(contenders[name][0], contenders[name][1], timeoutMs));
  }
  return samples;
}
