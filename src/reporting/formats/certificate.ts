/**
 * The certificate of a run: reports/conformance.md and reports/conformance.html,
 * rendered from the same report as reports/conformance.json. The report is
 * first turned into a small document model (headings, paragraphs, lists,
 * tables of inline text), which renders to Markdown and to HTML; every text
 * is escaped for the format it lands in.
 */
import type { ConformanceReport } from "../conformance-report";
import { statementFileName, verdictPredicate } from "../../attestation/statement";
import { runDigest } from "../../attestation/write-statement";
import { commandName } from "../../cli/help";
import type { CheckResult } from "../../verdict/run-verdict";
import { renderHtml, renderMarkdown, type Block, type Certificate } from "./certificate-render";
import { isSelected, notSelectedLine } from "../selection/partial-run";
import { identityLines, shardTargetsItems } from "./certificate-identity";
import { evidenceInlines, findingText, findings, fixFirst, whatChanged } from "./certificate-sections";
import { explorationSection } from "../../exploration/report";

export {
  escapeHtml,
  markdownCode,
  markdownFence,
  markdownText,
  renderHtml,
  renderMarkdown,
} from "./certificate-render";
export { findingText, inCatalogOrder } from "./certificate-sections";
export type { Block, Certificate, Inline } from "./certificate-render";

/** How much of a reason the certificate quotes; conformance.json has all of it. */
const reasonLines = 8;
const reasonLineLength = 400;

export const verdictMeaning =
  "A MUST requirement that fails fails the run; a SHOULD requirement that fails is a warning (warn) and does not. " +
  "skip: not checked in this run, for the reason given. " +
  "The evidence is a response of the operation under test that the requirement was judged on: " +
  "its request relative to the target, its status, and its body with secrets redacted, whitespace collapsed and cut to 300 characters. " +
  "Each finding is one sentence: what was sent, what came back, and what is required; conformance.json keeps the full reason of each.";

/** A pass that left MUST requirements unchecked says so, next to the verdict: it certifies only what ran. */
function notChecked(report: ConformanceReport): Block[] {
  const skipped = report.checks.filter((c) => c.level === "MUST" && c.verdict === "skip");
  if (!skipped.length) return [];
  return [
    {
      kind: "paragraph",
      content: [
        { strong: `Not checked: ${skipped.length} MUST requirement(s)` },
        ": ",
        ...skipped.flatMap((c, i) => [...(i ? [", "] : []), { code: c.id }]),
        ". The verdict covers only what was checked; the reasons below say what would enable the rest.",
      ],
    },
  ];
}

/** "212 sent, 25 of them by the rate-limit probe; 0 answers of 429 outside the probe; at most 8 in flight at once". */
function trafficNote(report: ConformanceReport): string {
  const traffic = report.traffic;
  if (!traffic) return `${report.requests} sent`;
  return (
    `${report.requests} sent${traffic.probeRequests ? `, ${traffic.probeRequests} of them by the rate-limit probe` : ""}; ` +
    `${traffic.throttled} answer${traffic.throttled === 1 ? "" : "s"} of 429 outside the probe; ` +
    `at most ${traffic.mostInFlight} in flight at once`
  );
}

/** What each section of the certificate is given: the checks shown (a partial run's selected ones) and the whole report. */
interface SectionInput {
  report: ConformanceReport;
  full: ConformanceReport;
  /** Why the run checked only some requirements (selection/partial-run.ts); undefined for a run of every check. */
  partial: string | undefined;
}

/** The certificate's sections, in order: each gives its blocks, none when it has nothing to say. */
const sections: ((input: SectionInput) => Block[])[] = [
  ({ report, partial }) => [
    { kind: "heading", level: 1, text: "Conformance certificate" },
    verdictLine(report, partial),
    ...identityLines(report),
  ],
  ({ full, partial }) => partialNote(full, partial),
  ({ report }) => whatChanged(report),
  ({ report }) => fixFirst(report),
  ({ report }) => runFacts(report),
  ({ full, partial }) => howToVerify(full, partial),
  ({ report }) => notChecked(report),
  () => [{ kind: "paragraph", content: [verdictMeaning] }],
  ({ report }) => requirementsTable(report),
  ({ report }) => findings(report),
  ({ report }) => explorationSection(report.exploration),
  ({ report }) => runErrors(report),
];

/**
 * The certificate; `partial` (selection/partial-run.ts) says why the run checked only
 * some requirements: it then shows those, and one line for the rest.
 */
export function certificateModel(full: ConformanceReport, partial?: string): Certificate {
  const report = partial ? { ...full, checks: full.checks.filter(isSelected) } : full;
  const target = report.target.baseUrl ?? "an unknown target";
  return {
    title: `Conformance certificate: ${report.verdict.toUpperCase()}, ${target}`,
    blocks: sections.flatMap((section) => section({ report, full, partial })),
  };
}

function verdictLine(report: ConformanceReport, partial: string | undefined): Block {
  const counts = partial
    ? (["pass", "fail", "warn", "skip"] as const)
        .map((v) => `${report.checks.filter((c) => c.verdict === v).length} ${v}`)
        .join(", ")
    : ["pass", "fail", "warn", "skip"].map((v) => `${report.summary[v] ?? 0} ${v}`).join(", ");
  return {
    kind: "paragraph",
    id: "verdict",
    content: [
      { badge: report.verdict, text: `Verdict: ${report.verdict.toUpperCase()}` },
      ` (${report.checks.length} requirements: ${counts}` +
        `${report.runErrors.length ? `; ${report.runErrors.length} error(s) outside the checks` : ""}` +
        `${report.runStatus === "interrupted" ? "; the run was interrupted" : ""})`,
    ],
  };
}

function runFacts(report: ConformanceReport): Block[] {
  return [
    { kind: "heading", level: 2, text: "Run" },
    {
      kind: "list",
      items: [
        [
          { strong: "Target:" },
          " ",
          report.target.baseUrl ? { code: report.target.baseUrl } : "unknown",
          embeddedNote(report.target.embedded),
        ],
        ...shardTargetsItems(report),
        [{ strong: "iTwin:" }, " ", report.target.itwinId ? { code: report.target.itwinId } : "unknown"],
        ...(report.operation ? [[{ strong: "Operation:" }, " ", { code: report.operation }]] : []),
        [{ strong: "Suite:" }, ` ${report.suite.name} ${report.suite.version}`],
        [{ strong: "Specification:" }, " ", { code: report.spec.file }, ", sha256 ", { code: report.spec.sha256 }],
        [{ strong: "Started:" }, ` ${report.startedAt}`],
        [{ strong: "Duration:" }, ` ${formatDuration(report.durationMs)}`],
        ...(report.requests === null ? [] : [[{ strong: "Requests:" }, ` ${trafficNote(report)}`]]),
        ...(report.mode === "proxy"
          ? [
              [
                { strong: "Mode:" },
                " judged from the traffic a proxy saw; what it did not see is skipped, not observed",
              ],
            ]
          : []),
      ],
    },
  ];
}

/** How to check the certificate: the command, and the run digest that ties this file to its statement. */
function howToVerify(report: ConformanceReport, partial: string | undefined): Block[] {
  const digest = runDigest(verdictPredicate(report, { mode: report.mode ?? "suite", partial }));
  return [
    {
      kind: "paragraph",
      id: "verify",
      content: [
        { strong: "Check it:" },
        " ",
        { code: `npm run verify -- <this file's directory> --public-key <the signer's public key>` },
        ` (or ${commandName} verify) checks every report file against ${statementFileName}, its signature and its evidence. Run digest: `,
        { code: `sha256:${digest}` },
        ` (the SHA-256 of the statement's predicate).`,
      ],
    },
  ];
}

function requirementsTable(report: ConformanceReport): Block[] {
  return [
    { kind: "heading", level: 2, text: "Requirements" },
    {
      kind: "table",
      id: "requirements",
      header: ["id", "level", "verdict", "requirement", "finding", "evidence"],
      columns: ["word", "word", "word", "text", "long", "long"],
      rows: report.checks.map((c) => [
        [{ code: c.id }],
        [c.level],
        [{ verdict: c.verdict }],
        [c.title],
        [c.summary ? findingText(c) : quoteReason(c)],
        evidenceInlines(c.evidence),
      ]),
    },
  ];
}

function runErrors(report: ConformanceReport): Block[] {
  if (!report.runErrors.length) return [];
  return [
    { kind: "heading", level: 2, text: "Errors outside the checks" },
    { kind: "list", items: report.runErrors.map((e) => [e]) },
  ];
}

export function certificateMarkdown(report: ConformanceReport, partial?: string): string {
  return renderMarkdown(certificateModel(report, partial));
}

export function certificateHtml(report: ConformanceReport, partial?: string): string {
  return renderHtml(certificateModel(report, partial));
}

/** A partial run's certificate says so first: it certifies the requirements it selected, and replaces nothing. */
function partialNote(report: ConformanceReport, partial: string | undefined): Block[] {
  if (!partial) return [];
  return [
    {
      kind: "paragraph",
      id: "partial",
      content: [
        { strong: `Partial run (${partial}):` },
        ` it judged only the requirements it selected; ${notSelectedLine(report.checks) ?? "every check was selected"}. ` +
          "The last full run's certificate, one folder up, is not replaced by this one.",
      ],
    },
  ];
}

function embeddedNote(embedded: boolean | null): string {
  if (embedded === true) return " (the suite's embedded reference service)";
  if (embedded === false) return " (external)";
  return "";
}

function quoteReason(check: CheckResult): string {
  if (!check.reason) return "";
  const lines = check.reason.split("\n");
  const quoted = lines
    .slice(0, reasonLines)
    .map((l) => (l.length > reasonLineLength ? `${l.slice(0, reasonLineLength)}…` : l));
  if (lines.length > reasonLines)
    quoted.push(`(${moreLines(lines.length - reasonLines)} of this reason in conformance.json)`);
  return quoted.join("\n");
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

/** "1 more line", "4 more lines": of a reason, never to be read as more failures. */
export function moreLines(count: number): string {
  return `${count} more line${count === 1 ? "" : "s"}`;
}
