import path from "node:path";
import type { FullConfig } from "@playwright/test/reporter";
import { publishedRunContext } from "../../settings/run-context";
import type { TestOutcome } from "../../verdict/outcomes";
import type { ConformanceReport } from "../conformance-report";
import { commandLine } from "../selection/run-selection";

/**
 * What `npm run merge` needs of a run besides its checks: which shard it
 * was, the run's id, and every test's outcome. The checks alone cannot be
 * recombined: a requirement's reasons, skip notes and evidence come from
 * all of its tests together, so the merge judges the shards' outcomes anew.
 */
export function shardRecord(
  config: Pick<Partial<FullConfig>, "shard"> | undefined,
  outcomes: ReadonlyMap<string, TestOutcome>,
  env: NodeJS.ProcessEnv = process.env,
): Pick<ConformanceReport, "shard" | "runId" | "outcomes"> {
  const shard = config?.shard ? { current: config.shard.current, total: config.shard.total } : null;
  // With the test's id: a teardown project (the rate-limit check against an external target) runs in every shard.
  return { shard, ...runIdOf(env), outcomes: [...outcomes].map(([testId, outcome]) => ({ testId, ...outcome })) };
}

/** The run's id from its context (set by the global setup); nothing when the run has none. */
function runIdOf(env: NodeJS.ProcessEnv): { runId?: string } {
  const runId: unknown = publishedRunContext(env)?.runId;
  return typeof runId === "string" ? { runId } : {};
}

/**
 * Playwright's blob reporter, into `<report dir>/blob-report`, when the run
 * is a shard (`--shard` on its command line): `npm run merge` turns the
 * shards' blobs into one junit.xml, html/ and playwright.json. The config
 * cannot see Playwright's parsed options, hence the command line.
 */
export function blobReporterWhenSharded(argv: readonly string[], reports: string): ["blob", { outputDir: string }][] {
  return commandLine(argv).sharded ? [["blob", { outputDir: path.join(reports, "blob-report") }]] : [];
}
