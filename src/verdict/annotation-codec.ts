import type { Evidence } from "./evidence";
import type { Finding, Level, RequirementGrade, Verdict } from "./finding";

/**
 * Findings travel from the tests to the reporters as test annotations, so
 * they also show in Playwright's HTML report, as properties in its junit.xml
 * and as labels in Allure. This module is the one place that writes and reads
 * their text.
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
  /** description: "<REQUIREMENT-ID> <json of an Evidence>", one per requirement the test judged on a response */
  evidence: "conformance:evidence",
} as const;

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

/** An evidence annotation's description: "<REQUIREMENT-ID> <json>", one line, readable in the HTML report and in Allure. */
export function encodeEvidence(id: string, evidence: Evidence): string {
  return `${id} ${JSON.stringify(evidence)}`;
}

export function decodeEvidence(description: string): { id: string; evidence: Evidence } | undefined {
  const { id, rest } = splitId(description);
  if (!id) return undefined;
  try {
    const value = JSON.parse(rest) as Partial<Evidence>;
    if (
      (value.outcome !== "violation" && value.outcome !== "pass") ||
      typeof value.request !== "string" ||
      typeof value.status !== "number" ||
      typeof value.body !== "string"
    ) {
      return undefined;
    }
    const { outcome, request, status, body, curl } = value;
    return { id, evidence: { outcome, request, status, body, ...(typeof curl === "string" ? { curl } : {}) } };
  } catch {
    return undefined;
  }
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
