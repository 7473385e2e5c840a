import { expect, test } from "@playwright/test";
import {
  annotation,
  decodeAnnotations,
  decodeGrade,
  encodeEvidenceAttachment,
  encodeFindings,
  encodeGrade,
  evidenceAnnotations,
  evidenceAttachment,
  type Annotation,
} from "../../src/verdict/annotation-codec";
import type { Evidence } from "../../src/verdict/evidence";
import type { Finding, RequirementGrade } from "../../src/verdict/finding";

// What travels from the tests to the reporters as annotations, and its text as
// Playwright's junit.xml (properties), its HTML report and Allure show it.

const evidence: Evidence = {
  outcome: "violation",
  request: "DELETE /itwins/i/members/groups/g",
  status: 500,
  body: '{"error":{"code":"Oops"}}',
};

const findingCases: [string, { findings: Finding[]; annotations: Annotation[] }][] = [
  [
    "a violation: the id, then the message",
    {
      findings: [{ kind: "violation", id: "REMOVE-204", message: "expected 204, got 500 (body: x y)" }],
      annotations: [{ type: annotation.violation, description: "REMOVE-204 expected 204, got 500 (body: x y)" }],
    },
  ],
  [
    "a violation without a message",
    {
      findings: [{ kind: "violation", id: "REMOVE-204", message: "" }],
      annotations: [{ type: annotation.violation, description: "REMOVE-204 " }],
    },
  ],
  [
    "a multi-line message stays whole",
    {
      findings: [{ kind: "violation", id: "ERROR-SCHEMA", message: "body lacks message\n  at line 2" }],
      annotations: [{ type: annotation.violation, description: "ERROR-SCHEMA body lacks message\n  at line 2" }],
    },
  ],
  [
    "what held: one observed annotation of space-separated ids",
    {
      findings: [
        { kind: "held", id: "REMOVE-204" },
        { kind: "held", id: "REMOVE-NO-BODY" },
        { kind: "held", id: "DOCUMENTED-STATUS" },
      ],
      annotations: [{ type: annotation.observed, description: "REMOVE-204 REMOVE-NO-BODY DOCUMENTED-STATUS" }],
    },
  ],
  [
    "an unchecked part: the id, then what and why",
    {
      findings: [
        {
          kind: "unchecked",
          id: "AUTHZ-REFUSED",
          what: "whether the membership remains (CONFORMANCE_FIXTURES=manifest reads no state back)",
        },
      ],
      annotations: [
        {
          type: annotation.unchecked,
          description:
            "AUTHZ-REFUSED whether the membership remains (CONFORMANCE_FIXTURES=manifest reads no state back)",
        },
      ],
    },
  ],
  [
    "evidence: the id, then the response as JSON",
    {
      findings: [{ kind: "evidence", id: "REMOVE-204", evidence }],
      annotations: [
        {
          type: annotation.evidence,
          description:
            'REMOVE-204 {"outcome":"violation","request":"DELETE /itwins/i/members/groups/g","status":500,"body":"{\\"error\\":{\\"code\\":\\"Oops\\"}}"}',
        },
      ],
    },
  ],
  [
    "a test's findings in the order they were published",
    {
      findings: [
        { kind: "violation", id: "ERROR-JSON", message: "text/plain" },
        { kind: "held", id: "DOCUMENTED-STATUS" },
        { kind: "held", id: "ERROR-SCHEMA" },
        { kind: "evidence", id: "ERROR-JSON", evidence },
      ],
      annotations: [
        { type: annotation.violation, description: "ERROR-JSON text/plain" },
        { type: annotation.observed, description: "DOCUMENTED-STATUS ERROR-SCHEMA" },
        { type: annotation.evidence, description: `ERROR-JSON ${JSON.stringify(evidence)}` },
      ],
    },
  ],
];

for (const [title, { findings, annotations }] of findingCases) {
  test(`findings: ${title}`, () => {
    expect(encodeFindings(findings)).toEqual(annotations);
    expect(decodeAnnotations(annotations).findings).toEqual(findings);
  });
}

const gradeCases: [RequirementGrade, Annotation][] = [
  [
    { id: "REMOVE-204", level: "MUST", verdict: "pass" },
    { type: "conformance:REMOVE-204", description: "MUST pass" },
  ],
  [
    { id: "NOT-FOUND-ITWIN", level: "MUST", verdict: "fail" },
    { type: "conformance:NOT-FOUND-ITWIN", description: "MUST fail" },
  ],
  [
    { id: "REMOVE-NO-CONTENT-LENGTH", level: "SHOULD", verdict: "warn" },
    { type: "conformance:REMOVE-NO-CONTENT-LENGTH", description: "SHOULD warn" },
  ],
  [
    { id: "RATE-LIMIT-HEADERS", level: "SHOULD", verdict: "skip" },
    { type: "conformance:RATE-LIMIT-HEADERS", description: "SHOULD skip" },
  ],
];

for (const [grade, encoded] of gradeCases) {
  test(`grade: ${encoded.type} = ${encoded.description}`, () => {
    expect(encodeGrade(grade)).toEqual(encoded);
    expect(decodeGrade(encoded)).toEqual(grade);
    expect(decodeAnnotations([encoded])).toMatchObject({ findings: [], grades: [grade] });
  });
}

const ignored: [string, Annotation][] = [
  ["a violation without a description", { type: annotation.violation }],
  ["a violation with an empty one", { type: annotation.violation, description: "" }],
  ["a violation that names no id", { type: annotation.violation, description: " no id" }],
  ["an unchecked part that names no id", { type: annotation.unchecked, description: " no id" }],
  ["an observed annotation of no ids", { type: annotation.observed, description: " " }],
  ["evidence that is not JSON", { type: annotation.evidence, description: "REMOVE-204 not json" }],
  ["evidence of another shape", { type: annotation.evidence, description: 'REMOVE-204 {"outcome":"maybe"}' }],
  ["a grade of no level", { type: "conformance:REMOVE-204", description: "pass" }],
  ["a grade of an unknown verdict", { type: "conformance:REMOVE-204", description: "MUST great" }],
  ["a grade with more words", { type: "conformance:REMOVE-204", description: "MUST pass today" }],
  ["a grade of no id", { type: "conformance:", description: "MUST pass" }],
  ["an annotation of another kind", { type: "issue", description: "REMOVE-204 https://example.invalid/1" }],
];

for (const [title, given] of ignored) {
  test(`ignored, not misread: ${title}`, () => {
    expect(decodeAnnotations([given])).toEqual({ findings: [], grades: [], skipReason: undefined });
  });
}

test("a finding's annotation is not read as a grade", () => {
  for (const type of Object.values(annotation))
    expect(decodeGrade({ type, description: "MUST pass" }), type).toBeUndefined();
});

const skipCases: [string, { given: Annotation[]; want: string | undefined }][] = [
  ["no skip annotation: no reason", { given: [{ type: annotation.observed, description: "X-Y" }], want: undefined }],
  ["the reason given", { given: [{ type: "skip", description: "set CONFORMANCE_X" }], want: "set CONFORMANCE_X" }],
  [
    "the first skip's, even without a reason",
    {
      given: [
        { type: "skip", description: undefined },
        { type: "skip", description: "later" },
      ],
      want: undefined,
    },
  ],
];

for (const [title, { given, want }] of skipCases) {
  test(`skip reason: ${title}`, () => {
    expect(decodeAnnotations(given).skipReason).toBe(want);
  });
}

// A test's evidence travels as one attachment (junit.xml writes every annotation as a property); its outcome reads
// it back as the evidence annotations conformance.json and the shards' records keep.
test("evidence: one JSON attachment of the test, read back as one annotation per requirement", () => {
  const withCurl: Evidence = { ...evidence, outcome: "pass", curl: "curl -X DELETE x" };
  const attached = encodeEvidenceAttachment([
    { id: "REMOVE-204", evidence },
    { id: "ERROR-JSON", evidence: withCurl },
  ]);
  expect(attached).toMatchObject({ name: "conformance-evidence", contentType: "application/json" });
  expect(JSON.parse(attached.body.toString("utf8"))).toEqual({ "REMOVE-204": evidence, "ERROR-JSON": withCurl });
  expect(decodeAnnotations(evidenceAnnotations([attached])).findings).toEqual([
    { kind: "evidence", id: "REMOVE-204", evidence },
    { kind: "evidence", id: "ERROR-JSON", evidence: withCurl },
  ]);
});

const notEvidence: [string, { name: string; contentType: string; body?: Buffer }][] = [
  ["another attachment", { name: "trace", contentType: "application/json", body: Buffer.from("{}") }],
  ["one written to a file", { ...evidenceAttachment }],
  ["not JSON", { ...evidenceAttachment, body: Buffer.from("REMOVE-204 {") }],
  ["JSON that is no map", { ...evidenceAttachment, body: Buffer.from("null") }],
  ["an entry that is no evidence", { ...evidenceAttachment, body: Buffer.from('{"REMOVE-204":{"outcome":"maybe"}}') }],
];

for (const [title, given] of notEvidence) {
  test(`evidence attachment ignored, not misread: ${title}`, () => {
    expect(evidenceAnnotations([given])).toEqual([]);
  });
}
