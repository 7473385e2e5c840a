import type { Evidence } from "./evidence";
import type { Finding, Level, RequirementGrade, Verdict } from "./finding";

/**
 * Findings travel from the tests to the reporters as test annotations, so
 * they also show in Playwright's HTML report, as properties in its junit.xml
 * and as labels in Allure; a test's evidence travels as one JSON attachment
 * (see evidenceAttachment). This module is the one place that writes and
 * reads their text. In a reporter's TestOutcome (conformance.json, a shard's
 * record) evidence is an annotation like the other findings.
 */
export interface Annotation {
  type: string;
  description?: string;
}

/** An annotation this module writes: it always has a description. */
export type EncodedAnnotation = Required<Annotation>;

export const annotation = {
  /** description: "<REQUIREMENT-ID> <message>" */
  violation: "conformance:violation",
  /** description: the requirement ids that were checked and held, space-separated */
  observed: "conformance:observed",
  /** description: "<REQUIREMENT-ID> <what of it this test could not check, and why>" */
  unchecked: "conformance:unchecked",
  /** description: "<REQUIREMENT-ID> <json of an Evidence>", one per requirement the test judged on a response; in a TestOutcome only */
  evidence: "conformance:evidence",
} as const;

/**
 * The attachment that carries a test's evidence: JSON, requirement id →
 * Evidence. Not annotations: Playwright's junit reporter writes every
 * annotation into junit.xml as a property, and a response body and a curl
 * command per requirement made it hundreds of KB that CI viewers show as
 * noise. It writes no attachment without a file; the HTML report and Allure
 * show this one as JSON.
 */
export const evidenceAttachment = { name: "conformance-evidence", contentType: "application/json" } as const;

/** A test's attachment as a reporter gets it: one with a body, like the evidence's, carries it inline. */
export interface Attachment {
  name: string;
  contentType: string;
  body?: Buffer;
}

/** A grade's annotation: type "conformance:<REQUIREMENT-ID>", description "<LEVEL> <verdict>". */
const gradeTypePrefix = "conformance:";

/** Playwright's own annotation of a skipped test; its description is the reason given. */
const skipType = "skip";

/**
 * The annotations of findings, in order, except that all the requirements that
 * held go in one "observed" annotation, where the first of them was.
 */
export function encodeFindings(findings: readonly Finding[]): EncodedAnnotation[] {
  const held = findings.filter((f) => f.kind === "held").map((f) => f.id);
  const annotations: EncodedAnnotation[] = [];
  for (const finding of findings) {
    if (finding.kind !== "held") annotations.push(encodeFinding(finding));
    else if (finding.id === held[0]) annotations.push({ type: annotation.observed, description: held.join(" ") });
  }
  return annotations;
}

export function encodeFinding(finding: Finding): EncodedAnnotation {
  switch (finding.kind) {
    case "violation":
      return { type: annotation.violation, description: `${finding.id} ${finding.message}` };
    case "held":
      return { type: annotation.observed, description: finding.id };
    case "unchecked":
      return { type: annotation.unchecked, description: `${finding.id} ${finding.what}` };
    case "evidence":
      return { type: annotation.evidence, description: encodeEvidence(finding.id, finding.evidence) };
  }
}

export function encodeGrade(grade: RequirementGrade): EncodedAnnotation {
  return { type: `${gradeTypePrefix}${grade.id}`, description: `${grade.level} ${grade.verdict}` };
}

/** What a test's annotations say: its findings, its grades, and why it skipped. Other annotations are left out. */
export interface DecodedAnnotations {
  findings: Finding[];
  grades: RequirementGrade[];
  /** The description of Playwright's skip annotation, when there is one. */
  skipReason?: string;
}

export function decodeAnnotations(annotations: readonly Annotation[]): DecodedAnnotations {
  const decoded: DecodedAnnotations = {
    findings: [],
    grades: [],
    skipReason: annotations.find((a) => a.type === skipType)?.description,
  };
  for (const a of annotations) {
    decoded.findings.push(...decodeFinding(a));
    const grade = decodeGrade(a);
    if (grade) decoded.grades.push(grade);
  }
  return decoded;
}

/** The findings of one annotation: none when it is not a finding's or is malformed, one per id of an "observed". */
function decodeFinding({ type, description }: Annotation): Finding[] {
  if (!description) return [];
  switch (type) {
    case annotation.violation: {
      const { id, rest } = splitId(description);
      return id ? [{ kind: "violation", id, message: rest }] : [];
    }
    case annotation.observed:
      return description
        .split(" ")
        .filter(Boolean)
        .map((id) => ({ kind: "held", id }));
    case annotation.unchecked: {
      const { id, rest } = splitId(description);
      return id ? [{ kind: "unchecked", id, what: rest }] : [];
    }
    case annotation.evidence: {
      const found = decodeEvidence(description);
      return found ? [{ kind: "evidence", ...found }] : [];
    }
    default:
      return [];
  }
}

export function decodeGrade({ type, description }: Annotation): RequirementGrade | undefined {
  if (!type.startsWith(gradeTypePrefix) || (Object.values(annotation) as string[]).includes(type)) return undefined;
  const id = type.slice(gradeTypePrefix.length);
  const [level, verdict, ...extra] = (description ?? "").split(" ");
  if (!id || !isLevel(level) || !isVerdict(verdict) || extra.length) return undefined;
  return { id, level, verdict };
}

/** An evidence annotation's description: "<REQUIREMENT-ID> <json>", one line. */
export function encodeEvidence(id: string, evidence: Evidence): string {
  return `${id} ${JSON.stringify(evidence)}`;
}

export function decodeEvidence(description: string): { id: string; evidence: Evidence } | undefined {
  const { id, rest } = splitId(description);
  if (!id) return undefined;
  try {
    const evidence = evidenceFrom(JSON.parse(rest));
    return evidence && { id, evidence };
  } catch {
    return undefined;
  }
}

/** A test's evidence as its attachment (evidenceAttachment), indented for a reader of the HTML report. */
export function encodeEvidenceAttachment(
  evidence: readonly { id: string; evidence: Evidence }[],
): Required<Attachment> {
  const byId = Object.fromEntries(evidence.map((e) => [e.id, e.evidence]));
  return { ...evidenceAttachment, body: Buffer.from(JSON.stringify(byId, null, 2)) };
}

/** The evidence of a test's attachments, as the annotations a TestOutcome keeps it in; a malformed entry is left out. */
export function evidenceAnnotations(attachments: readonly Attachment[]): EncodedAnnotation[] {
  return attachments
    .filter((a) => a.name === evidenceAttachment.name && a.body !== undefined)
    .flatMap((a) => {
      let byId: unknown;
      try {
        byId = JSON.parse(a.body!.toString("utf8"));
      } catch {
        return [];
      }
      if (typeof byId !== "object" || byId === null) return [];
      return Object.entries(byId).flatMap(([id, value]) => {
        const evidence = evidenceFrom(value);
        return evidence ? [{ type: annotation.evidence, description: encodeEvidence(id, evidence) }] : [];
      });
    });
}

/** An Evidence, its fields checked and nothing else kept; undefined when it is not one. */
function evidenceFrom(value: unknown): Evidence | undefined {
  const given = (value ?? {}) as Partial<Evidence>;
  if (
    (given.outcome !== "violation" && given.outcome !== "pass") ||
    typeof given.request !== "string" ||
    typeof given.status !== "number" ||
    typeof given.body !== "string"
  ) {
    return undefined;
  }
  const { outcome, request, status, body, curl } = given;
  return { outcome, request, status, body, ...(typeof curl === "string" ? { curl } : {}) };
}

/** "<ID> <rest>": the id ends at the first space; no space, no rest. */
function splitId(description: string): { id: string; rest: string } {
  const space = description.indexOf(" ");
  return space < 0
    ? { id: description, rest: "" }
    : { id: description.slice(0, space), rest: description.slice(space + 1) };
}

function isLevel(text: string | undefined): text is Level {
  return text === "MUST" || text === "SHOULD";
}

function isVerdict(text: string | undefined): text is Verdict {
  return text === "pass" || text === "fail" || text === "warn" || text === "skip";
}
