import { readFileSync } from "node:fs";
import path from "node:path";
import type { ConformanceReport } from "../conformance-report";

/** One shard's report directory, as given, and the conformance.json it holds. */
export interface ShardReport {
  dir: string;
  report: ConformanceReport;
}

/** Why shards cannot be merged: one message, exit code 2. */
export class MergeRefusal extends Error {
  override name = "MergeRefusal";
}

/** Reads each directory's conformance.json; refuses no directories, a missing or foreign file, or one without outcomes. */
export function readShards(dirs: readonly string[]): ShardReport[] {
  if (dirs.length === 0)
    throw new MergeRefusal("no report directories given: npm run merge -- <shard report dir> <shard report dir>…");
  return dirs.map((dir) => ({ dir, report: readShard(dir) }));
}

function readShard(dir: string): ConformanceReport {
  const file = path.join(dir, "conformance.json");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new MergeRefusal(`${dir} has no conformance.json: a shard that ran no check, or stopped before, writes none`);
  }
  let report: Partial<ConformanceReport> | null;
  try {
    report = JSON.parse(text) as Partial<ConformanceReport> | null;
  } catch {
    report = null;
  }
  if (!report?.suite || !report.target || !report.spec || !Array.isArray(report.checks))
    throw new MergeRefusal(`${file} is not a conformance report`);
  if (!Array.isArray(report.outcomes))
    throw new MergeRefusal(`${file} has no test outcomes: it was written by a suite that cannot merge shards`);
  return report as ConformanceReport;
}

/**
 * Why these shards do not make up one run, or undefined when they do: they
 * must have run the same suite and spec against the same target, and be
 * every shard of one split exactly once. On the embedded reference service
 * each shard starts its own, so there only `embedded` must agree.
 */
export function shardProblem(shards: readonly ShardReport[], outputDir?: string): string | undefined {
  const first = shards[0];
  if (!first) return "no report directories given";
  if (outputDir) {
    const input = shards.find((s) => path.resolve(s.dir) === path.resolve(outputDir));
    if (input)
      return `${input.dir} is also where the merged reports go: set CONFORMANCE_REPORT_DIR to another directory`;
  }
  const differing = (describe: (r: ConformanceReport) => string, what: string): string | undefined => {
    const other = shards.find((s) => describe(s.report) !== describe(first.report));
    return other
      ? `the shards ran ${what}: ${first.dir} ${describe(first.report)}, ${other.dir} ${describe(other.report)}`
      : undefined;
  };
  const problem =
    differing((r) => `ran ${r.suite.name} ${r.suite.version}`, "different suite versions") ??
    differing((r) => `ran commit ${r.suite.commit ?? "unknown"}`, "different commits of the suite") ??
    differing((r) => `judged ${implementationOf(r)}`, "on different implementations") ??
    differing((r) => `used fixtures ${r.fixtures ?? "unknown"}`, "with different fixtures") ??
    differing((r) => `has ${r.spec.file} sha256 ${r.spec.sha256}`, "with different specs") ??
    differing(targetOf, "against different targets");
  if (problem) return problem;

  const unsharded = shards.find((s) => !s.report.shard);
  if (unsharded && shards.length > 1)
    return `${unsharded.dir} is an unsharded run: merge only the shards of one run (--shard=i/n)`;
  const total = first.report.shard?.total ?? 1;
  const split = shards.find((s) => (s.report.shard?.total ?? 1) !== total);
  if (split)
    return `the shards come from different splits: ${first.dir} is shard ${shardOf(first)}, ${split.dir} is shard ${shardOf(split)}`;
  const seen = new Map<number, string>();
  for (const s of shards) {
    const current = s.report.shard?.current ?? 1;
    const earlier = seen.get(current);
    if (earlier !== undefined) return `shard ${shardOf(s)} is given twice: ${earlier} and ${s.dir}`;
    seen.set(current, s.dir);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length)
    return `incomplete set of shards: missing ${missing.map((i) => `${i}/${total}`).join(", ")} (given ${[
      ...seen.keys(),
    ]
      .sort((a, b) => a - b)
      .map((i) => `${i}/${total}`)
      .join(", ")})`;
  return undefined;
}

function targetOf(r: ConformanceReport): string {
  if (r.target.embedded) return "against the embedded reference service";
  return `against ${r.target.baseUrl ?? "an unknown base URL"}, iTwin ${r.target.itwinId ?? "unknown"}`;
}

function implementationOf(r: ConformanceReport): string {
  const { name, version } = r.implementation ?? { name: null, version: null };
  return name || version ? `${name ?? "(unnamed)"} ${version ?? "(no version)"}` : "an unnamed implementation";
}

function shardOf(s: ShardReport): string {
  return s.report.shard ? `${s.report.shard.current}/${s.report.shard.total}` : "1/1";
}
