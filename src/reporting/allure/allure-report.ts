import type { resolveConfig } from "@allurereport/core";
import { redact } from "../../core/secrets";
import { decodeGrade } from "../../verdict/annotation-codec";
import { requirementLabel } from "../../verdict/test-grade";
import type { ConformanceReport } from "../conformance-report";

/** Allure 3's configuration, as its core takes it. */
export type AllureConfig = Parameters<typeof resolveConfig>[0];
type GateRule = NonNullable<NonNullable<AllureConfig["qualityGate"]>["use"]>[number];
type Facts = Pick<ConformanceReport, "verdict" | "target" | "checks" | "runErrors" | "runStatus" | "summary" | "suite">;

const operation = "Remove iTwin group member";

/** The quality gate's one rule; its id is what Allure prints and the report shows. */
export const verdictRule = "conformanceVerdict";

/**
 * What the report is named: the operation and the target it was run against,
 * so reports of several targets side by side (CI artefacts) tell themselves
 * apart. A URL's user, password, query and fragment are left out: a base URL
 * is where credentials would hide.
 */
export function allureReportName(target: ConformanceReport["target"]): string {
  if (target.embedded) return `${operation} — embedded reference service`;
  if (!target.baseUrl) return operation;
  let shown = target.baseUrl;
  try {
    const url = new URL(target.baseUrl);
    url.username = url.password = url.search = url.hash = "";
    shown = url.href.replace(/\/$/, "");
  } catch {
    // Not a URL: shown as given, redacted below.
  }
  return `${operation} — ${redact(shown)}`;
}

/**
 * The run at a glance, on the report's first screen (Allure's "Variables"):
 * the verdict first, as the certificate puts it, then what it rests on.
 */
export function allureVariables(facts: Facts): Record<string, string> {
  const count = (verdict: string) => `${facts.summary[verdict] ?? 0} ${verdict}`;
  return {
    "Conformance verdict": facts.verdict.toUpperCase(),
    Requirements: ["pass", "fail", "warn", "skip"].map(count).join(", "),
    ...(facts.target.itwinId ? { iTwin: facts.target.itwinId } : {}),
    Suite: `${facts.suite.name} ${facts.suite.version}`,
  };
}

/** Why the run failed, in one line: its failed MUST requirements, else its run errors, else its status. */
function failureReason(facts: Facts): string {
  const failed = facts.checks.filter((c) => c.verdict === "fail").map((c) => c.id);
  if (failed.length) return `MUST requirement(s) failed: ${failed.join(", ")}`;
  if (facts.runErrors.length) return `the run had ${facts.runErrors.length} error(s) outside the checks`;
  return `the run ended ${facts.runStatus}`;
}

/**
 * The suite's verdict as Allure's quality gate. Allure's own rules count
 * failed tests; the verdict does not: a SHOULD that is not met only warns,
 * a MUST fails, and a run that did not complete fails however its tests
 * ended. So the gate is the verdict conformance.json holds, one rule,
 * linked to the tests that failed a requirement the run failed (their
 * "conformance:<ID>" labels say so; a test that passed it is not linked).
 */
export function verdictGateRule(facts: Facts): GateRule {
  const failed = new Set(facts.checks.filter((c) => c.verdict === "fail").map((c) => c.id));
  return {
    rule: verdictRule,
    message: () => `Conformance verdict FAIL: ${redact(failureReason(facts))} (see conformance.json)`,
    successMessage: () => "Conformance verdict PASS: every MUST requirement checked was met",
    validate: async ({ trs }) => ({
      success: facts.verdict === "pass",
      actual: facts.verdict,
      testResults: trs
        .filter((tr) =>
          tr.labels.some((l) => {
            const grade = decodeGrade({ type: l.name, description: l.value });
            return grade?.verdict === "fail" && failed.has(grade.id);
          }),
        )
        .map((tr) => tr.id),
    }),
  };
}

type TestResults = Parameters<GateRule["validate"]>[0]["trs"];

/**
 * The gate's result, in the form Allure's report shows. Evaluated here, not by
 * Allure's QualityGate, which needs Node 22 (Iterator.prototype.toArray)
 * where the suite runs on Node 20 too.
 */
export async function validateVerdictGate(facts: Facts, trs: TestResults) {
  const rule = verdictGateRule(facts);
  const expected = "pass";
  const state = { getResult: () => undefined, setResult: () => undefined };
  const result = await rule.validate({ expected, trs, state });
  const payload = { expected, actual: result.actual };
  const message = result.success ? rule.successMessage!(payload) : rule.message(payload);
  return { ...result, expected, rule: rule.rule, message };
}

export interface AllureReportOptions {
  output: string;
  /** Allure's history file (CONFORMANCE_HISTORY), and how many runs it keeps. */
  history?: { path: string; limit: number };
}

/**
 * The whole report configuration: one self-contained index.html (Allure's
 * default fetches its data over HTTP, so from disk it shows a spinner
 * forever), named for the target, grouped by requirement, gated by the
 * verdict.
 */
export function allureConfig(facts: Facts, { output, history }: AllureReportOptions): AllureConfig {
  const name = allureReportName(facts.target);
  return {
    name,
    output,
    ...(history ? { historyPath: history.path, historyLimit: history.limit } : {}),
    variables: allureVariables(facts),
    plugins: {
      awesome: { options: { singleFile: true, reportName: name, groupBy: [requirementLabel] } },
    },
    qualityGate: { rules: [{ [verdictRule]: "pass" }], use: [verdictGateRule(facts)] },
  };
}

/** Allure's page tag for Google Analytics, which its report template always includes. */
const analytics =
  /\s*<script async src="https:\/\/www\.googletagmanager\.com\/gtag\/js[^"]*"><\/script>\s*<script>\s*window\.dataLayer[\s\S]*?<\/script>/;

/**
 * The report's page without Allure's analytics: opened, it would send Google
 * the page's title and address, which name the target under test (often an
 * internal host) and where the report lies. A conformance report is opened
 * offline and inside companies; it loads nothing from the network.
 */
export function withoutAnalytics(html: string): string {
  return html.replace(analytics, "");
}
