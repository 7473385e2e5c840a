/**
 * What a check is, what it says when a response breaks its requirement, and
 * the one runner that puts exchanges through checks. The suite's observer,
 * the proxy and anything else that judges responses (generated requests, say)
 * run their checks through runChecks, so a check judges alike wherever it runs.
 */
import type { RequirementId } from "../../generated/requirements";
import { describeExchange, type Exchange } from "../client/exchange";

/** What a check found wrong with one exchange, before the runner names the check and the exchange. */
export interface Problem {
  /** What was wrong, in the check's own words: the first part of the finding's text. */
  summary: string;
  /** What the requirement asks for, e.g. "204". */
  expected: string;
  /** What the exchange showed instead, e.g. "200". */
  actual: string;
  /** Whether the finding's text quotes the exchange after the summary; false where the summary says all. */
  quotesExchange: boolean;
}

/** A problem that quotes the exchange it is about, as most do. */
export function problem(summary: string, expected: string, actual: string): Problem {
  return { summary, expected, actual, quotesExchange: true };
}

/** A problem whose summary says all, without quoting the exchange. */
export function problemAlone(summary: string, expected: string, actual: string): Problem {
  return { summary, expected, actual, quotesExchange: false };
}

/** A named unit with one job, reported under one requirement id of specs/requirements.yaml. */
export interface Check<E extends Exchange = Exchange> {
  name: string;
  requirement: RequirementId;
  /** Whether the check has something to say about this exchange. */
  appliesTo(exchange: E): boolean;
  /** What is wrong, or undefined when the exchange passes. */
  run(exchange: E): Problem | undefined;
}

/** A check's failure on one exchange: what the reports and the proxy's lines are written from. */
export interface CheckFailure<E extends Exchange = Exchange> extends Problem {
  requirement: RequirementId;
  /** The check's name, e.g. "documented_status". */
  check: string;
  exchange: E;
}

/** What one check said about one exchange it applies to. */
export type CheckOutcome<E extends Exchange = Exchange> =
  { held: true; requirement: RequirementId; check: string; exchange: E } | ({ held: false } & CheckFailure<E>);

/** Each of `checks` that applies to `exchange`, in their order: held, or failed and how. */
export function runChecks<E extends Exchange>(checks: readonly Check<E>[], exchange: E): CheckOutcome<E>[] {
  return checks
    .filter((check) => check.appliesTo(exchange))
    .map((check): CheckOutcome<E> => {
      const found = check.run(exchange);
      const named = { requirement: check.requirement, check: check.name, exchange };
      return found ? { held: false, ...found, ...named } : { held: true, ...named };
    });
}

/** runChecks over a sequence of exchanges, in order. */
export function runChecksOver<E extends Exchange>(
  checks: readonly Check<E>[],
  exchanges: Iterable<E>,
): CheckOutcome<E>[] {
  return [...exchanges].flatMap((exchange) => runChecks(checks, exchange));
}

/** A problem's text: its summary, then the exchange when it quotes it ("…: DELETE <url> → 204 (…) body: …"). */
export function problemText(found: Problem, exchange: Exchange): string {
  return found.quotesExchange ? `${found.summary}: ${describeExchange(exchange)}` : found.summary;
}

/** A failure as the reports carry it (conformance.json, certificate, JUnit): "<check_name>: <problem text>". */
export function findingMessage(failure: CheckFailure): string {
  return `${failure.check}: ${problemText(failure, failure.exchange)}`;
}

/** findingMessage's text: the check's name, the summary, and the start of the exchange it quotes. */
const findingMessageShape = /^([a-z0-9]+(?:_[a-z0-9]+)+): (.+?): [A-Z]+ \S+ → \d{3} /;

/**
 * The check's name and summary read back from a finding's text (the reports
 * keep the text alone), or undefined for a text that does not quote its
 * exchange, which is the summary whole.
 */
export function readFindingMessage(text: string): { check: string; summary: string } | undefined {
  const match = findingMessageShape.exec(text);
  return match ? { check: match[1]!, summary: match[2]! } : undefined;
}
