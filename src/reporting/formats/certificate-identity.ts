/**
 * What a certificate certifies, said in its first lines under the verdict:
 * the implementation judged, the suite (and its commit) that judged it, how
 * the run got its test data, and which shard of a run this is. A merge's
 * Run section lists its shards' targets when they differ.
 */
import type { ConformanceReport } from "../conformance-report";
import type { Block, Inline } from "./certificate-render";

/** "Implementation: acme-mock 1.4.2", or that none was named and how to name it. */
export function implementationInlines(report: ConformanceReport): Inline[] {
  const { name, version } = report.implementation ?? { name: null, version: null };
  const named = name ? [{ code: version ? `${name} ${version}` : name }] : [];
  const unnamed = version
    ? [`version `, { code: version }, ", not named: set CONFORMANCE_IMPLEMENTATION_NAME"]
    : ["not named: set CONFORMANCE_IMPLEMENTATION_NAME"];
  return [{ strong: "Implementation:" }, " ", ...(name ? named : unnamed)];
}

/** The first lines under the verdict: the implementation; the suite, its commit, the fixtures and the shard. */
export function identityLines(report: ConformanceReport): Block[] {
  const facts: Inline[] = [
    { strong: "Suite:" },
    ` ${report.suite.name} ${report.suite.version}, commit `,
    { code: report.suite.commit ?? "unknown" },
  ];
  if (report.fixtures) facts.push("; ", { strong: "Fixtures:" }, ` ${report.fixtures}`);
  if (report.shard)
    facts.push(
      "; ",
      { strong: "Shard:" },
      ` ${report.shard.current} of ${report.shard.total}, its checks only: the gate is the merge of every shard`,
    );
  return [
    { kind: "paragraph", id: "implementation", content: implementationInlines(report) },
    { kind: "paragraph", id: "identity", content: facts },
  ];
}

/** The Run section's item for a merge whose shards had different targets (each embedded service listens anew). */
export function shardTargetsItems(report: ConformanceReport): Inline[][] {
  const shards = report.shards ?? [];
  if (new Set(shards.map((s) => s.target)).size < 2) return [];
  return [
    [
      { strong: "Shards:" },
      " ",
      ...shards.flatMap((s, i): Inline[] => [
        ...(i ? ["; "] : []),
        `${s.current} of ${s.total} against `,
        s.target ? { code: s.target } : "an unknown target",
      ]),
    ],
  ];
}
