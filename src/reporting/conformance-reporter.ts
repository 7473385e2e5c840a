import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type {
  FullConfig,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from "@playwright/test/reporter";
import { operations } from "../../generated/operations";
import { requirements } from "../../generated/requirements";
import { contextSecrets, type RunContext } from "../settings/run-context";
import { runContextVariable } from "../settings/settings";
import { repoRoot, specPath, specSha256 } from "../validation/spec";
import { certificateHtml, certificateMarkdown, moreLines } from "./certificate";
import { ExplorationReports } from "../exploration/report";
import type { ConformanceReport } from "./conformance-report";
import { registerSecret } from "../core/secrets";
import { reportDir } from "./report-dir";
import { writeExchangesHar, startExchangeLog } from "./exchanges-report";
import { firstLine, testOutcome, type TestOutcome } from "../verdict/outcomes";
import { requirementJunit } from "./requirement-junit";
import { appendStepSummary, withWhatChanged } from "./step-summary";
import { historyDir, partialRunReason, rememberRun, type RunSelection } from "./history";
import { shardRecord } from "./shard-record";
import { countVerdicts, overallVerdict, verdictPerRequirement, type CheckResult } from "../verdict/run-verdict";
import { summarized } from "../verdict/plain-finding";
import { endWithNoCheckMatching, listRequirements, partialRunLine } from "./selection-console";
import { isSelected, notSelectedLine, partialSelection, verdictDir } from "./partial-run";

export interface ConformanceReporterOptions {
  /** Where conformance.json, .md, .html and conformance-junit.xml go; default reports/ */
  outputDir?: string;
}

/** The conformance suite's tests are those of projects with `metadata: { conformance: true }`. */
function isConformance(test: TestCase): boolean {
  return test.parent.project()?.metadata?.conformance === true;
}

/**
 * Turns the conformance project's test results into the verdict: one line
 * per requirement on the console, reports/conformance.json, the
 * certificate (reports/conformance.md and .html, and GitHub Actions' job
 * summary when GITHUB_STEP_SUMMARY is set), and reports/conformance-junit.xml
 * (one JUnit test case per requirement).
 */
export default class ConformanceReporter implements Reporter {
  /** By test id: with retries or --repeat-each every run is its own entry, the last attempt of a retry wins. */
  private readonly outcomes = new Map<string, TestOutcome>();
  /** Errors outside any test (a worker's clean-up, say): they make the verdict fail. */
  private readonly runErrors: string[] = [];
  private readonly outputDir: string;
  private startedAt = new Date();
  private ran = false;
  private selection?: RunSelection;
  private config?: FullConfig;
  /** Why this run writes its verdict to partial/ (partial-run.ts), decided from its command line. */
  private readonly partial = partialSelection();
  private testCount = 0;
  /** The exploration's summary, from its tests' attachments. */
  private readonly exploration = new ExplorationReports();

  constructor(options: ConformanceReporterOptions = {}) {
    this.outputDir = options.outputDir ? path.resolve(repoRoot, options.outputDir) : reportDir();
    startExchangeLog(this.outputDir);
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.startedAt = new Date();
    const { grep, grepInvert, shard, maxFailures } = config;
    this.selection = { grep, grepInvert, shard, maxFailures, argv: process.argv };
    this.ran = suite.allTests().some(isConformance);
    this.testCount = suite.allTests().length;
    if (process.argv.includes("--list") && this.ran)
      console.log(listRequirements(suite.allTests().filter(isConformance)));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!isConformance(test)) return;
    readContext(); // registers the run's secrets for redaction
    this.outcomes.set(test.id, testOutcome(test, result));
    this.exploration.add(test.id, result.attachments);
  }

  onError(error: TestError): void {
    if (this.ran) this.runErrors.push(firstLine(error));
  }

  async onEnd(result: FullResult): Promise<{ status?: FullResult["status"] } | undefined> {
    if (!this.ran) {
      // --pass-with-no-tests asks for exit 0 when nothing matches: then it is the user's to have.
      const allowed = process.argv.includes("--pass-with-no-tests");
      if (this.testCount === 0 && this.partial && !allowed) endWithNoCheckMatching(process.argv, this.partial);
      return undefined;
    }
    writeExchangesHar(this.outputDir, packageInfo());
    // --list, or a --grep that matched nothing: no check ran, so there is no verdict to write (nor an older one to overwrite).
    if (this.outcomes.size === 0 && !this.runErrors.length && result.status !== "interrupted") {
      console.log("\nNo conformance check ran: no verdict written.");
      return undefined;
    }
    const context = readContext();
    if (context.cleanUpProblem) this.runErrors.push(`clean-up: ${context.cleanUpProblem}`);
    const checks = summarized(verdictPerRequirement(requirements, [...this.outcomes.values()]), context.baseUrl);
    const verdict = result.status === "interrupted" || this.runErrors.length ? "fail" : overallVerdict(checks);
    const full: ConformanceReport = {
      suite: { name: packageInfo().name, version: packageInfo().version },
      verdict,
      operation: operationUnderTest(),
      target: {
        baseUrl: context.baseUrl ?? null,
        embedded: context.embedded ?? null,
        itwinId: context.itwinId ?? null,
      },
      spec: { file: path.relative(repoRoot, specPath), sha256: specSha256() },
      startedAt: this.startedAt.toISOString(),
      durationMs: Date.now() - this.startedAt.getTime(),
      requests: context.traffic?.requests ?? null,
      traffic: context.traffic
        ? {
            probeRequests: context.traffic.probeRequests,
            throttled: context.traffic.throttled,
            mostInFlight: context.traffic.mostInFlight,
          }
        : null,
      runStatus: result.status,
      summary: countVerdicts(checks),
      runErrors: this.runErrors,
      checks,
      ...shardRecord(this.config, this.outcomes),
      ...this.exploration.field(),
    };
    // The history (CONFORMANCE_HISTORY): what changed since the target's last complete run (history.ts).
    const history = historyDir();
    const partial =
      history && this.selection ? partialRunReason(this.selection, result.status, checks) : "its selection is unknown";
    const { report, lines } = rememberRun(full, history, partial);
    const dir = verdictDir(this.outputDir, this.partial);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "conformance.json"), JSON.stringify(report, null, 2) + "\n");
    const markdown = certificateMarkdown(report, this.partial);
    writeFileSync(path.join(dir, "conformance.md"), markdown);
    writeFileSync(path.join(dir, "conformance.html"), certificateHtml(report, this.partial));
    writeFileSync(path.join(dir, "conformance-junit.xml"), requirementJunit(report));
    console.log(renderTable(report.target.baseUrl, verdict, checks, this.runErrors, this.partial !== undefined));
    if (this.partial) console.log(partialRunLine(this.outputDir, this.partial));
    for (const line of lines) console.log(line);
    const warning = appendStepSummary(withWhatChanged(report, markdown), process.env.GITHUB_STEP_SUMMARY);
    if (warning) console.warn(warning);
    // The exit code follows the verdict: a MUST violation seen in a test that then skipped still fails the run.
    return verdict === "fail" && result.status === "passed" ? { status: "failed" } : undefined;
  }
}

function readContext(): Pick<Partial<RunContext>, "baseUrl" | "embedded" | "itwinId" | "traffic" | "cleanUpProblem"> {
  try {
    const context = JSON.parse(process.env[runContextVariable] ?? "{}") as Partial<RunContext>;
    for (const secret of contextSecrets(context)) registerSecret(secret);
    return {
      baseUrl: context.baseUrl,
      embedded: context.embedded,
      itwinId: context.itwinId,
      traffic: context.traffic,
      cleanUpProblem: context.cleanUpProblem,
    };
  } catch {
    return {};
  }
}

function operationUnderTest(): string {
  const operation = Object.values(operations).find((o) => o.underTest);
  return operation ? `${operation.method} ${operation.path}` : "";
}

let pkg: { name: string; version: string } | undefined;
function packageInfo(): { name: string; version: string } {
  pkg ??= JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { name: string; version: string };
  return pkg;
}

/**
 * The verdict on the console. A partial run shows the checks it selected,
 * and one line for the rest, rather than a "nothing in this run exercised
 * it" for each.
 */
export function renderTable(
  baseUrl: string | null,
  verdict: string,
  allChecks: CheckResult[],
  runErrors: string[] = [],
  partial = false,
): string {
  const checks = partial ? allChecks.filter(isSelected) : allChecks;
  const width = Math.max(5, ...checks.map((c) => c.id.length));
  const counts = countVerdicts(checks);
  const unselected = partial ? notSelectedLine(allChecks) : undefined;
  const lines = [
    "",
    `${partial ? "Partial run: conformance verdict" : "Conformance verdict"} for ${baseUrl ?? "(unknown target)"}: ${verdict.toUpperCase()}` +
      ` (${checks.length} checks: ${counts.pass} pass, ${counts.fail} fail, ${counts.warn} warn, ${counts.skip} skip)`,
    "",
    `  ${"check".padEnd(width)}  level   verdict`,
    ...checks.map((c) => `  ${c.id.padEnd(width)}  ${c.level.padEnd(6)}  ${c.verdict}`),
    ...(unselected ? [`  (${unselected})`] : []),
  ];
  const explained = checks.filter((c) => c.reason);
  if (explained.length) {
    lines.push("");
    for (const c of explained) {
      const [first = "", ...more] = c.reason.split("\n");
      lines.push(
        `  ${c.id} (${c.verdict}): ${truncate(first)}${more.length ? ` (${moreLines(more.length)} of this reason in conformance.json)` : ""}`,
      );
    }
  }
  const skippedMust = checks.filter((c) => c.level === "MUST" && c.verdict === "skip").map((c) => c.id);
  if (skippedMust.length)
    lines.push("", `  Not checked in this run (MUST): ${skippedMust.join(", ")}; the reasons above say why.`);
  for (const error of runErrors) lines.push("", `  Error outside the checks: ${truncate(error)}`);
  return lines.join("\n") + "\n";
}

function truncate(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
