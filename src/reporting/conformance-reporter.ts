import { readFileSync } from "node:fs";
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
import { publishedRunContext, type RunContext } from "../settings/run-context";
import { runSettings } from "../settings/run-settings";
import { repoRoot, specPath, specSha256 } from "../validation/spec";
import { ExplorationReports } from "../exploration/report";
import type { ConformanceReport } from "./conformance-report";
import { writeExchangesHar, startExchangeLog } from "./har/exchanges-report";
import { firstLine, testOutcome, type TestOutcome } from "../verdict/outcomes";
import { historyDir, partialRunReason, rememberRun } from "./history/history";
import { commandLine, runSelection, type RunSelection } from "./selection/run-selection";
import { consoleTable } from "./formats/console-table";
import { runFacts } from "./formats/verdict-formats";
import { writeVerdictReports } from "./report-files";
import { privateKeyFromPem } from "../attestation/keys";
import { shardRecord } from "./merge/shard-record";
import { suiteCommit } from "./suite-commit";
import { countVerdicts, overallVerdict, verdictPerRequirement } from "../verdict/run-verdict";
import { summarized } from "../verdict/plain-finding";
import { endWithNoCheckMatching, listRequirements, partialRunLine } from "./selection/selection-console";
import { partialSelection, verdictDir } from "./selection/partial-run";

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
  /** Why this run writes its verdict to partial/ (selection/partial-run.ts), decided from its command line. */
  private readonly partial = partialSelection();
  private testCount = 0;
  /** The exploration's summary, from its tests' attachments. */
  private readonly exploration = new ExplorationReports();

  constructor(options: ConformanceReporterOptions = {}) {
    this.outputDir = options.outputDir ? path.resolve(repoRoot, options.outputDir) : runSettings().reportDir;
    startExchangeLog(this.outputDir);
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(config: FullConfig, suite: Suite): void {
    this.config = config;
    this.startedAt = new Date();
    this.selection = runSelection(config);
    this.ran = suite.allTests().some(isConformance);
    this.testCount = suite.allTests().length;
    if (commandLine().list && this.ran) console.log(listRequirements(suite.allTests().filter(isConformance)));
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
      const allowed = commandLine().passWithNoTests;
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
      suite: { name: packageInfo().name, version: packageInfo().version, commit: suiteCommit(repoRoot) },
      implementation: {
        name: context.settings?.implementationName ?? null,
        version: context.settings?.implementationVersion ?? null,
      },
      fixtures: context.settings?.fixtures ?? null,
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
    // The history (CONFORMANCE_HISTORY): what changed since the target's last complete run (history/history.ts).
    const history = historyDir(context.settings?.history);
    const partial =
      history && this.selection ? partialRunReason(this.selection, result.status, checks) : "its selection is unknown";
    const { report, lines } = rememberRun(full, history, partial);
    const facts = runFacts(report, this.partial);
    const { warnings } = writeVerdictReports(verdictDir(this.outputDir, this.partial), report, facts, {
      stepSummary: process.env.GITHUB_STEP_SUMMARY,
      // A partial run's verdict goes to partial/, away from the exchange log of reports/.
      withExchangeLog: !this.partial,
      signingKey: signingKeyOf(context.settings?.signingKey),
    });
    console.log(consoleTable(report, facts));
    if (this.partial) console.log(partialRunLine(this.outputDir, this.partial));
    for (const line of lines) console.log(line);
    for (const warning of warnings) console.warn(warning);
    // The exit code follows the verdict: a MUST violation seen in a test that then skipped still fails the run.
    return verdict === "fail" && result.status === "passed" ? { status: "failed" } : undefined;
  }
}

/** The run as its global setup published it, the run's settings included; its secrets registered for redaction. */
function readContext(): Partial<RunContext> {
  return publishedRunContext() ?? {};
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

/** The run's signing key: its PEM was checked with the settings, and registered for redaction there. */
function signingKeyOf(pem: string | undefined) {
  return pem === undefined ? undefined : privateKeyFromPem(pem, "CONFORMANCE_SIGNING_KEY");
}
