import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type {
  FullConfig,
  FullProject,
  FullResult,
  Reporter,
  Suite,
  TestCase,
  TestError,
  TestResult,
} from "@playwright/test/reporter";
import { requirements } from "../../generated/requirements";
import { assessRuns, mutationScore, renderJudgeTable, type Assessment } from "./assess";
import { deviationUsageFilePrefix, judgedInstances, type JudgedInstance, type JudgedRun } from "./instances";
import { repoRoot } from "../validation/spec";
import { firstLine, testOutcome, type TestOutcome } from "../verdict/outcomes";
import { overallVerdict, verdictPerRequirement } from "../verdict/run-verdict";

export interface JudgeReporterOptions {
  /** Where judge.json goes. */
  outputFile: string;
}

/** What the judge writes: one assessment per instance, the score, and errors outside any test. */
export interface JudgeReport {
  /** JUDGE_RUN_ID of the run that asked for this judgement (npm test's run), or null. */
  runId: string | null;
  durationMs: number;
  score: { caught: number; total: number; percent: number };
  allRight: boolean;
  runErrors: string[];
  instances: Assessment[];
}

const judgedRunOf = (project: FullProject | undefined): JudgedRun | undefined =>
  project?.metadata?.judge as JudgedRun | undefined;

/**
 * Reporter of the judge's run (tests/judge/judge.config.ts): a project per
 * instance, each the whole suite against one mutant or variant. It judges
 * every project as the conformance reporter judges a run, compares the verdict
 * with what the instance must give, prints the mutation table and writes
 * judge.json. The run's exit code is 0 when every instance was judged right,
 * whatever its tests did: a mutant's tests are meant to fail.
 */
export default class JudgeReporter implements Reporter {
  private readonly outcomes = new Map<string, Map<string, TestOutcome>>();
  private readonly runErrors: string[] = [];
  private readonly outputFile: string;
  /** The projects of this run (all instances, or those a --project filter left). */
  private projects: FullProject[] = [];
  private readonly startedAt = Date.now();

  constructor(options: JudgeReporterOptions) {
    this.outputFile = path.resolve(repoRoot, options.outputFile);
  }

  printsToStdio(): boolean {
    return true;
  }

  onBegin(_config: FullConfig, suite: Suite): void {
    this.projects = suite.suites.map((s) => s.project()).filter((p): p is FullProject => !!judgedRunOf(p));
  }

  onTestEnd(test: TestCase, result: TestResult): void {
    const project = test.parent.project();
    if (!project || !judgedRunOf(project)) return;
    const byTest = this.outcomes.get(project.name) ?? new Map<string, TestOutcome>();
    byTest.set(test.id, testOutcome(test, result));
    this.outcomes.set(project.name, byTest);
  }

  onError(error: TestError): void {
    this.runErrors.push(firstLine(error));
  }

  async onEnd(result: FullResult): Promise<{ status: FullResult["status"] }> {
    const runsByInstance = new Map<string, { instance: JudgedInstance; projects: FullProject[] }>();
    for (const project of this.projects) {
      const { instance } = judgedRunOf(project)!;
      const entry = runsByInstance.get(instance.name) ?? { instance, projects: [] };
      entry.projects.push(project);
      runsByInstance.set(instance.name, entry);
    }
    const assessments = [...runsByInstance.values()].map(({ instance, projects }) =>
      assessRuns(
        instance,
        projects.map((project) => {
          const outcomes = [...(this.outcomes.get(project.name)?.values() ?? [])];
          const checks = verdictPerRequirement(requirements, outcomes);
          return {
            verdict: overallVerdict(checks),
            checks,
            testsRun: outcomes.filter((o) => o.status !== "skipped").length,
            changedAnswers: changedAnswers(project.outputDir),
          };
        }),
      ),
    );
    const durationMs = Date.now() - this.startedAt;
    const allRight =
      assessments.length > 0 &&
      assessments.every((a) => a.ok) &&
      !this.runErrors.length &&
      result.status !== "interrupted";
    const report: JudgeReport = {
      runId: process.env.JUDGE_RUN_ID ?? null,
      durationMs,
      score: mutationScore(assessments),
      allRight,
      runErrors: this.runErrors,
      instances: assessments,
    };
    mkdirSync(path.dirname(this.outputFile), { recursive: true });
    writeFileSync(this.outputFile, JSON.stringify(report, null, 2) + "\n");
    console.log(renderJudgeTable(assessments, durationMs));
    for (const error of this.runErrors) console.log(`  Error outside the tests: ${error}`);
    if (assessments.length !== judgedInstances.length)
      console.log(`  ${assessments.length} of ${judgedInstances.length} instances were judged (--project filter).`);
    return { status: allRight ? "passed" : "failed" };
  }
}

/** Sums what the project's workers recorded of their service's deviations. */
function changedAnswers(outputDir: string): number {
  if (!existsSync(outputDir)) return 0;
  let total = 0;
  for (const name of readdirSync(outputDir)) {
    if (!name.startsWith(deviationUsageFilePrefix)) continue;
    const usage = JSON.parse(readFileSync(path.join(outputDir, name), "utf8")) as Record<string, number>;
    total += Object.values(usage).reduce((sum, n) => sum + n, 0);
  }
  return total;
}
