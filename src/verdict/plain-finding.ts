/**
 * A requirement's finding as one plain sentence, for the certificate: what
 * was sent, what came back, and what the documentation (or the RFC the
 * requirement comes from) requires. It is built from the catalog's title and
 * source, the evidence, and the check's own message (the first argument of
 * its expect); Playwright's assertion dump is reduced to "expected X, got Y".
 * The raw reason stays in conformance.json.
 */
import { stripVTControlCharacters } from "node:util";
import { requirements } from "../../generated/requirements";
import { readFindingMessage } from "../checks/check";
import type { CheckResult } from "./run-verdict";

export interface RequirementText {
  id: string;
  title: string;
  source: string;
}

/** One violation or failed test as the reason names it: the test's title and its message. */
export interface ReasonEntry {
  test: string;
  message: string;
}

/**
 * The reason split back into its entries: each starts on a line that begins
 * with one of the check's test titles and ": " (run-verdict.ts joins them so);
 * the lines after it, such as an assertion's dump, belong to it.
 */
export function reasonEntries(reason: string, tests: readonly string[]): ReasonEntry[] {
  const titles = [...tests].sort((a, b) => b.length - a.length);
  const entries: ReasonEntry[] = [];
  for (const line of reason.split("\n")) {
    const test = titles.find((t) => line.startsWith(`${t}: `));
    if (test !== undefined) entries.push({ test, message: line.slice(test.length + 2) });
    else if (entries.length) entries[entries.length - 1]!.message += `\n${line}`;
    else if (line.trim()) entries.push({ test: "", message: line });
  }
  return entries;
}

/** The parts of a message: the check's own words, and Playwright's expected and received values. */
export interface MessageParts {
  own: string;
  expected?: string;
  received?: string;
}

/** Strips Playwright's assertion boilerplate (`expect(received)…`, `// Object.is equality`, colour codes). */
export function messageParts(message: string): MessageParts {
  const lines = stripVTControlCharacters(message)
    .split("\n")
    .map((l) => l.trim());
  const value = (label: string) =>
    lines
      .find((l) => l.startsWith(`${label}:`))
      ?.slice(label.length + 1)
      .trim() || undefined;
  const boilerplate = /^(expect\(|\/\/|Expected:|Received:|Call log:|- )/;
  // A failed test's error starts with its class name, which says nothing to a reader.
  const own = lines
    .filter((l) => l && !boilerplate.test(l))
    .join(" ")
    .replace(/^(?:[A-Z][A-Za-z]*)?Error: /, "");
  return { own, expected: value("Expected"), received: value("Received") };
}

/** "expected 404, got 204": the assertion dump in plain words, or "" when there is none. */
export function expectedGot(parts: MessageParts): string {
  if (parts.expected === undefined || parts.received === undefined) return "";
  return `expected ${parts.expected}, got ${parts.received}`;
}

/** Who requires it, from the catalog's source: "the documentation", "RFC 9110 §15.5.2", … */
export function authorityOf(source: string): string {
  if (/^doc:/.test(source)) return "the documentation";
  if (/^api-doc/.test(source)) return "the API's documentation";
  const rfc = /^(RFC \d+(?: §[\d.]*\d)?)/.exec(source);
  return rfc ? rfc[1]! : "the specification";
}

/** An exchange as describeExchange writes it: "DELETE <url> → 204 (content-type: …) body: …". */
const exchangeText = /([A-Z]+) (\S+) → (\d{3}) \(content-type: [^)]*\) body(?: cut at \d+ bytes)?: (.*)$/;
/** A check's own words that name what was sent: "a word as the group id answered 204". */
const ownAnswered = /^(.+?) answered (\d{3})\b/;
/** A title that says what a request answers: "An unknown group answers 404". */
const titleAnswers = /^(.+?) answers (.+)$/;

/**
 * The plain sentence for one entry of a check's reason, e.g. "An unknown
 * group answered 204; the documentation requires 404."
 */
export function plainSentence(
  entry: ReasonEntry,
  requirement: RequirementText,
  evidence?: CheckResult["evidence"],
  baseUrl?: string | null,
): string {
  const parts = messageParts(entry.message);
  const exchange = exchangeText.exec(parts.own);
  const observer = readFindingMessage(parts.own);
  // The check's own words, without an observer check's name, which is no word of the reader's.
  const answered = ownAnswered.exec(observer ? observer.summary : parts.own);
  const title = titleAnswers.exec(requirement.title);
  const status = exchange?.[3] ?? answered?.[2] ?? parts.received ?? evidenceFor(entry, evidence)?.status?.toString();
  const request = exchange
    ? `${exchange[1]} ${relative(exchange[2]!, baseUrl)}`
    : evidenceFor(entry, evidence)?.request;
  const code = errorCode(exchange?.[4] ?? evidenceFor(entry, evidence)?.body);

  const requires =
    title && /^\d{3}( [A-Z][A-Za-z]*)*$/.test(title[2]!) ? title[2]! : `that ${lowerFirst(requirement.title)}`;
  const required = `${authorityOf(requirement.source)} requires ${requires}.`;
  if (!status) {
    // No response to speak of (a time-out, an error of the test): its own words.
    const words = parts.own.replace(/[.:;\s]+$/, "") || "the check failed";
    return `${upperFirst(words)}${expectedGot(parts) ? ` (${expectedGot(parts)})` : ""}; ${required}`;
  }
  const sent = answered?.[1] ?? (title && !observer ? title[1]! : request) ?? "The request";
  let got = `${status}${code ? ` ${code}` : ""}`;
  if (observer && !answered) {
    const detail = observer.summary;
    got = detail.startsWith(`${status} `) ? `${got} ${detail.slice(status.length + 1)}` : `${got} (${detail})`;
  } else if (!title && parts.expected !== undefined) {
    // A title that says what it answers already states what was expected.
    got += ` (expected ${parts.expected})`;
  }
  return `${upperFirst(sent)} answered ${got}; ${required}`;
}

/** The check with its summary (the first entry's sentence) and how many entries its reason had, when it did not pass. */
export function withSummary(
  check: CheckResult,
  requirement: RequirementText | undefined,
  baseUrl?: string | null,
): CheckResult {
  if ((check.verdict !== "fail" && check.verdict !== "warn") || !check.reason) return check;
  const entries = reasonEntries(check.reason, check.tests);
  const first = entries[0];
  if (!first) return check;
  const text = requirement ?? { id: check.id, title: check.title, source: "" };
  return { ...check, summary: plainSentence(first, text, check.evidence, baseUrl), occurrences: entries.length };
}

function evidenceFor(entry: ReasonEntry, evidence: CheckResult["evidence"] | undefined) {
  return evidence && (evidence.test === undefined || evidence.test === entry.test) ? evidence : undefined;
}

function relative(url: string, baseUrl?: string | null): string {
  const base = (baseUrl ?? "").replace(/\/+$/, "");
  if (base && url.startsWith(base)) return url.slice(base.length) || "/";
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

function errorCode(body: string | undefined): string | undefined {
  const match = body ? /"code"\s*:\s*"([A-Za-z][A-Za-z0-9]*)"/.exec(body) : null;
  return match?.[1];
}

function lowerFirst(text: string): string {
  // "A hostile id" → "a hostile id", but "GUID …" and "RFC …" keep their capitals.
  return /^[A-Z](?![A-Z0-9])/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function upperFirst(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}

/** Each finding that did not pass, as one plain sentence with its count, for the certificate (and a merge's). */
export function summarized(checks: CheckResult[], baseUrl: string | null | undefined): CheckResult[] {
  const catalog = new Map(requirements.map((r) => [r.id as string, r]));
  return checks.map((c) => withSummary(c, catalog.get(c.id), baseUrl));
}
