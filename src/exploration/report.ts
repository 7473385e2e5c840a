/**
 * The exploration in the reports: its summary gathered from the tests'
 * attachments (conformance.json's `exploration`), its findings marked new
 * against the history, and the certificate's "Exploration" section.
 */
import type { Block } from "../reporting/formats/certificate-render";
import { combineSummaries, explorationAttachment, type ExplorationFinding, type ExplorationSummary } from "./findings";

/** The summaries the tests attached, by test: the last attempt of a test wins, as for its outcome. */
export class ExplorationReports {
  private readonly byTest = new Map<string, ExplorationSummary>();

  /** Reads a finished test's attachment, when it has one. */
  add(testId: string, attachments: readonly { name: string; body?: Buffer }[]): void {
    const found = attachments.find((a) => a.name === explorationAttachment && a.body);
    if (found) this.byTest.set(testId, JSON.parse(found.body!.toString("utf8")) as ExplorationSummary);
  }

  /** conformance.json's `exploration`, or nothing when no exploration ran. */
  field(): { exploration?: ExplorationSummary } {
    const summary = combineSummaries([...this.byTest.values()]);
    return summary ? { exploration: summary } : {};
  }
}

/** How a finding is told apart across runs: its requirement and its request. */
export function findingKey(finding: ExplorationFinding): string {
  return `${finding.requirement} ${finding.request.join(" + ")}`;
}

/** The summary with each finding marked new or not against the keys of the earlier runs' findings. */
export function markNew(summary: ExplorationSummary, earlier: readonly string[][]): ExplorationSummary {
  const known = new Set(earlier.flat());
  return { ...summary, findings: summary.findings.map((f) => ({ ...f, new: !known.has(findingKey(f)) })) };
}

/** The certificate's "Exploration" section: what was explored, with which seed, and each finding with its replay. */
export function explorationSection(exploration: ExplorationSummary | undefined): Block[] {
  if (!exploration) return [];
  const { cases } = exploration;
  const blocks: Block[] = [
    { kind: "heading", level: 2, text: "Exploration", id: "exploration" },
    {
      kind: "paragraph",
      content: [
        `${exploration.requests} of ${exploration.budget} requests (CONFORMANCE_EXPLORE_REQUESTS), seed `,
        { code: exploration.seed },
        `: ${cases.single} single-class and ${cases.pairwise} pairwise coverage cases, ${cases.generated} generated requests, ` +
          `${cases.sequences} sequences; ${Object.keys(exploration.casesPerClass).length} classes sent` +
          `${exploration.stateRead ? "" : "; no state read back (manifest fixtures: only ids that name nothing)"}` +
          `${exploration.budgetExhausted ? "; the budget ran out" : ""}.`,
      ],
    },
  ];
  if (!exploration.findings.length) {
    blocks.push({ kind: "paragraph", content: ["The exploration found nothing that breaks a requirement."] });
    return blocks;
  }
  blocks.push({
    kind: "paragraph",
    content: [`${exploration.findings.length} finding(s), each shrunk to the smallest request or sequence that fails:`],
  });
  for (const finding of exploration.findings) {
    blocks.push(
      {
        kind: "paragraph",
        content: [
          { code: finding.requirement },
          `${finding.new ? " (new)" : ""} — ${finding.phase}: ${finding.request.join(" + ") || "the documented request"}: ${finding.message}. Replay with `,
          { code: `--explore-seed ${finding.seed}` },
          finding.replay ? ", or:" : "",
        ],
      },
      ...(finding.replay ? [{ kind: "code" as const, text: finding.replay }] : []),
    );
  }
  return blocks;
}
