/**
 * Re-judging a run from its evidence: every response of the operation under
 * test that exchanges.har recorded goes through the response checks again,
 * and each requirement's verdict must agree; a failed requirement that the
 * checks cannot judge from one response (a test's sequence judged it) must
 * at least cite evidence that the HAR holds, with the status it recorded.
 */
import { operations, type OperationId } from "../../generated/operations";
import type { Exchange } from "../client/exchange";
import { responseChecks } from "../checks/response-checks";
import { matchOperation } from "../proxy/match";
import type { HarEntry } from "../reporting/har/har";
import type { ConformanceReport } from "../reporting/conformance-report";

const judgedByChecks = new Set<string>(responseChecks.map((c) => c.requirement));

/** An exchange as the observer saw it, rebuilt from its HAR entry; undefined when the observer did not judge it. */
export function exchangeOf(entry: HarEntry): Exchange | undefined {
  // Clean-up outside a test is not judged (the observer has no sink there), nor a body the HAR had to cut.
  if (entry._test === undefined || (entry._cut?.response !== undefined && entry._bodyCutAt === undefined))
    return undefined;
  const url = new URL(entry.request.url);
  const operationId = (entry._operation ?? matchOperation(entry.request.method, url.pathname)?.operationId) as
    OperationId | undefined;
  if (!operationId || !operations[operationId].underTest) return undefined;
  if (entry.request.method !== operations[operationId].method) return undefined;
  const text = entry.response.content.text;
  return {
    operationId,
    method: entry.request.method,
    url: entry.request.url,
    status: entry.response.status,
    headers: Object.fromEntries(entry.response.headers.map((h) => [h.name.toLowerCase(), h.value])),
    text,
    ...(text.includes("[REDACTED") ? { echoedSecret: true } : {}),
    ...(entry._bodyCutAt === undefined ? {} : { bodyCutAt: entry._bodyCutAt }),
    ...(entry._caller === undefined ? {} : { caller: entry._caller }),
  };
}

function relative(url: string, baseUrl: string | null): string {
  const base = (baseUrl ?? "").replace(/\/+$/, "");
  if (base && url.startsWith(base)) return url.slice(base.length) || "/";
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

export function rejudge(report: ConformanceReport, har: unknown): { problems: string[]; checked: string[] } {
  const entries = ((har as { log?: { entries?: HarEntry[] } })?.log?.entries ?? []) as HarEntry[];
  const verdictOf = new Map(report.checks.map((c) => [c.id, c.verdict]));
  const broken = new Map<string, { index: number; line: string }>();
  let judged = 0;
  entries.forEach((entry, index) => {
    const exchange = exchangeOf(entry);
    if (!exchange) return;
    judged++;
    for (const check of responseChecks) {
      if (!check.appliesTo(exchange) || broken.has(check.requirement)) continue;
      const problem = check.run(exchange);
      const request = `${entry.request.method} ${relative(entry.request.url, report.target.baseUrl)} → ${entry.response.status}`;
      if (problem) broken.set(check.requirement, { index, line: `exchanges.har entry ${index + 1} (${request})` });
    }
  });
  const problems: string[] = [];
  for (const [id, { line }] of broken)
    if (verdictOf.get(id) === "pass") problems.push(`${id}: conformance.json says pass, but ${line} breaks it`);
  for (const check of report.checks) {
    if (check.verdict !== "fail" && check.verdict !== "warn") continue;
    if (judgedByChecks.has(check.id) && broken.has(check.id)) continue;
    const evidence = check.evidence;
    if (!evidence) continue;
    const found = entries.some(
      (e) =>
        `${e.request.method} ${relative(e.request.url, report.target.baseUrl)}` === evidence.request &&
        e.response.status === evidence.status &&
        (evidence.test === undefined || e._test === evidence.test),
    );
    if (!found)
      problems.push(
        `${check.id}: its evidence (${evidence.request} → ${evidence.status}${evidence.test ? `, in "${evidence.test}"` : ""}) is not in exchanges.har`,
      );
  }
  return {
    problems,
    checked: [`${judged} responses of exchanges.har through ${responseChecks.length} response checks`],
  };
}
