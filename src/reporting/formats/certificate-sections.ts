/**
 * The parts of the certificate that say what to do: what changed since the
 * last run, what to fix first, and each finding that did not pass with its
 * plain sentence, its evidence and a command that replays it.
 */
import { requirements } from "../../../generated/requirements";
import type { ConformanceReport } from "../conformance-report";
import type { CheckResult } from "../../verdict/run-verdict";
import type { Evidence } from "../../verdict/evidence";
import type { Block, Inline } from "./certificate-render";
import { replaySetup } from "./replay-setup";

const catalogOrder = new Map<string, number>(requirements.map((r, i) => [r.id, i]));

/** Checks in the order of specs/requirements.yaml; ids the catalog does not know go last, in the order given. */
export function inCatalogOrder(checks: readonly CheckResult[]): CheckResult[] {
  const rank = (c: CheckResult) => catalogOrder.get(c.id) ?? Number.MAX_SAFE_INTEGER;
  return checks
    .map((check, i) => ({ check, i }))
    .sort((a, b) => rank(a.check) - rank(b.check) || a.i - b.i)
    .map(({ check }) => check);
}

/** The finding in plain words: its sentence, and how often it repeated; the raw reason where there is no sentence. */
export function findingText(check: CheckResult): string {
  const sentence = check.summary ?? check.reason;
  if (!check.summary || !check.occurrences || check.occurrences < 2) return sentence;
  return `${check.occurrences} requests answered like this; for example: ${sentence}`;
}

/** "Fix first": the failed MUST requirements, in catalog order, each with its finding. */
export function fixFirst(report: ConformanceReport): Block[] {
  const failed = inCatalogOrder(report.checks.filter((c) => c.level === "MUST" && c.verdict === "fail"));
  if (!failed.length) return [];
  return [
    { kind: "heading", level: 2, text: "Fix first", id: "fix-first-heading" },
    {
      kind: "paragraph",
      content: [`${failed.length} MUST requirement(s) failed; each fails the run. In the order of the catalog:`],
    },
    {
      kind: "list",
      ordered: true,
      id: "fix-first",
      items: failed.map((c) => [{ code: c.id }, ": ", findingText(c)]),
    },
  ];
}

const changeSections: { title: string; pick: (c: CheckResult) => boolean; note?: (c: CheckResult) => string }[] = [
  { title: "New failures", pick: (c) => c.change === "new-failure" },
  { title: "Fixed", pick: (c) => c.change === "fixed" },
  { title: "Flaky (passed and failed within the runs known)", pick: (c) => c.flaky === true },
  {
    title: "Still failing",
    pick: (c) => c.change === "still-failing",
    note: (c) => (c.failingSince ? ` (failing since ${c.failingSince})` : ""),
  },
];

/** "What changed since the last run", when the report knows earlier runs: new failures, fixed, flaky, still failing. */
export function whatChanged(report: ConformanceReport): Block[] {
  if (!report.history) return [];
  const checks = inCatalogOrder(report.checks);
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "What changed since the last run", id: "what-changed-heading" },
  ];
  const items: Inline[][] = [];
  for (const section of changeSections) {
    const picked = checks.filter(section.pick);
    if (!picked.length) continue;
    items.push([
      { strong: `${section.title}:` },
      " ",
      ...picked.flatMap((c, i) => [...(i ? [", "] : []), { code: c.id }, section.note?.(c) ?? ""]),
    ]);
  }
  const runs = `${report.history.runsKnown} earlier run${report.history.runsKnown === 1 ? "" : "s"} known`;
  if (!items.length) blocks.push({ kind: "paragraph", content: [`Nothing changed since the last run (${runs}).`] });
  else
    blocks.push(
      { kind: "paragraph", content: [`Compared with the last run (${runs}):`] },
      {
        kind: "list",
        id: "what-changed",
        items,
      },
    );
  return blocks;
}

/** Each requirement that failed or warned: its sentence, its evidence, and a command that replays the request. */
export function findings(report: ConformanceReport): Block[] {
  const open = inCatalogOrder(report.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn"));
  if (!open.length) return [];
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Findings" },
    ...replaySetup(
      report,
      open.flatMap((c) => (c.evidence?.curl ? [c.evidence.curl] : [])),
    ),
  ];
  for (const c of open) {
    blocks.push(
      {
        kind: "heading",
        level: 3,
        text: `${c.id} (${c.level} ${c.verdict}): ${c.title}`,
        keep: `${c.id} (${c.level} ${c.verdict}):`,
        id: `finding-${c.id}`,
      },
      { kind: "paragraph", content: [findingText(c)] },
    );
    if (c.evidence)
      blocks.push({ kind: "paragraph", content: [{ strong: "Evidence:" }, " ", ...evidenceInlines(c.evidence)] });
    if (c.evidence?.curl)
      blocks.push({ kind: "paragraph", content: ["Replay:"] }, { kind: "code", text: c.evidence.curl });
  }
  return blocks;
}

export function evidenceInlines(evidence: Evidence | null): Inline[] {
  if (!evidence) return ["none recorded"];
  return [
    { code: evidence.request },
    ` → ${evidence.status} `,
    evidence.body ? { code: evidence.body } : "(empty body)",
    `\n${evidence.outcome === "violation" ? "violated" : "held"}${evidence.test ? ` in: ${evidence.test}` : ""}`,
  ];
}
