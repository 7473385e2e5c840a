import type { CheckResult } from "../verdict/run-verdict";

/** reports/conformance.json: the verdict of a run, and what the certificate is rendered from. */
export interface ConformanceReport {
  suite: { name: string; version: string };
  verdict: "pass" | "fail";
  /** The operation under test, method and path template. */
  operation: string;
  target: { baseUrl: string | null; embedded: boolean | null; itwinId: string | null };
  spec: { file: string; sha256: string };
  /** ISO 8601 */
  startedAt: string;
  durationMs: number;
  /** Playwright's status of the run. */
  runStatus: string;
  summary: Record<string, number>;
  runErrors: string[];
  checks: CheckResult[];
}
