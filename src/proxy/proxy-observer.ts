import { operations } from "../../generated/operations";
import type { Requirement } from "../catalog/requirements";
import { provisioningContractProblem } from "../checks/provisioning-contract";
import { findingMessage, runChecks } from "../checks/check";
import { redact } from "../core/secrets";
import { evidenceOf, preferredEvidence, type Evidence } from "../verdict/evidence";
import type { Finding } from "../verdict/finding";
import type { ProxyExchange } from "./exchange-capture";
import { schemaValidator } from "./sibling-schemas";
import { proxyChecks } from "./traffic-checks";

/** A sibling operation's answer that breaks the spec. */
export interface SiblingViolation {
  operationId: string;
  method: string;
  /** Path and query as the client sent them to the proxy, redacted. */
  path: string;
  status: number;
  problem: string;
}

/** Violations kept per requirement for the report's reason; the count goes on past it. */
const keptPerRequirement = 20;
const keptSiblingViolations = 200;

/**
 * Judges each exchange the proxy sees as it happens, as the suite's
 * observer does (src/checks/observer.ts), through the same runner: an answer of the operation under
 * test through every response check and every traffic check, an answer of a
 * sibling operation against its schema. Keeps what the report needs, bounded
 * however long the proxy runs, and returns the lines to print.
 */
export class ProxyObserver {
  readonly violations = new Map<string, { messages: string[]; count: number }>();
  readonly held = new Set<string>();
  readonly evidence = new Map<string, Evidence>();
  readonly siblingViolations: SiblingViolation[] = [];
  siblingViolationCount = 0;
  exchanges = { underTest: 0, siblings: 0 };

  constructor(
    private readonly catalog: readonly Requirement[],
    private readonly baseUrl: string,
  ) {}

  /** An exchange of the operation under test, or on its URL with a method no operation declares. */
  underTest(exchange: ProxyExchange, path: string): string[] {
    this.exchanges.underTest++;
    const lines: string[] = [];
    for (const outcome of runChecks(proxyChecks, exchange)) {
      const id = outcome.requirement;
      this.keepEvidence(id, exchange, outcome.held ? "pass" : "violation");
      if (outcome.held) {
        this.held.add(id);
        continue;
      }
      const entry = this.violations.get(id) ?? { messages: [], count: 0 };
      entry.count++;
      if (entry.messages.length < keptPerRequirement) entry.messages.push(findingMessage(outcome));
      this.violations.set(id, entry);
      const level = this.catalog.find((r) => r.id === id)?.level === "MUST" ? "FAIL" : "WARN";
      // The line names the exchange already: the summary alone says what was wrong.
      lines.push(line(`${level} ${id}`, exchange, path, outcome.summary));
    }
    return lines;
  }

  /** An answer of a sibling operation: checked against its documented statuses, headers and schema. */
  sibling(exchange: ProxyExchange, path: string): string[] {
    this.exchanges.siblings++;
    if (exchange.method !== operations[exchange.operationId].method) return [];
    const problem = provisioningContractProblem(exchange, schemaValidator);
    if (!problem) return [];
    this.siblingViolationCount++;
    const short = problem.summary;
    if (this.siblingViolations.length < keptSiblingViolations)
      this.siblingViolations.push({
        operationId: exchange.operationId,
        method: exchange.method,
        path: redact(path),
        status: exchange.status,
        problem: short,
      });
    return [line(`SPEC ${exchange.operationId}`, exchange, path, short)];
  }

  /** The findings, in the form the suite's tests record them, for the verdict rules. */
  findings(): Finding[] {
    return [
      ...[...this.violations].flatMap(([id, v]) =>
        v.messages.map((message): Finding => ({ kind: "violation", id, message })),
      ),
      ...[...this.held].map((id): Finding => ({ kind: "held", id })),
      ...[...this.evidence].map(([id, evidence]): Finding => ({ kind: "evidence", id, evidence })),
    ];
  }

  private keepEvidence(id: string, exchange: ProxyExchange, outcome: Evidence["outcome"]): void {
    const kept = this.evidence.get(id);
    if (kept?.outcome === "violation" || (kept && outcome === "pass")) return;
    this.evidence.set(id, preferredEvidence(kept, evidenceOf(exchange, this.baseUrl, outcome)));
  }
}

/** One printed line: who, method, path, status, what was wrong; redacted, on one line. */
function line(who: string, exchange: ProxyExchange, path: string, what: string): string {
  const text = `${who} ${exchange.method} ${path} ${exchange.status}: ${what}`.replace(/\s*[\r\n]+\s*/g, " ");
  return redact(text.length > 500 ? `${text.slice(0, 499)}…` : text);
}
