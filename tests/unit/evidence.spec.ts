import { expect, test, type TestInfo } from "@playwright/test";
import type { Exchange } from "../../src/client/exchange";
import { createObserver } from "../../src/checks/observer";
import { annotation, decodeEvidence, evidenceAnnotations } from "../../src/verdict/annotation-codec";
import { bodyExcerpt, evidenceOf } from "../../src/verdict/evidence";
import { FindingRecorder } from "../../src/verdict/recorder";
import { registerSecret } from "../../src/core/secrets";

// Evidence: the response each requirement was judged on, as the certificate shows it.

const base = "http://127.0.0.1:4000/accesscontrol";
const path = "/itwins/4caed38b-9823-453f-8290-e9dd2b591174/members/groups/0b8e6a3c-1f2d-4e5a-9b7c-8d9e0f1a2b3c";

const exchange = (over: Partial<Exchange> = {}): Exchange => ({
  operationId: "removeItwinGroupMember",
  method: "DELETE",
  url: `${base}${path}`,
  status: 404,
  headers: { "content-type": "application/json" },
  text: JSON.stringify({ error: { code: "GroupNotFound", message: "Requested group is not available." } }),
  ...over,
});

const excerpts: [string, { given: string; want: string }][] = [
  [
    "whitespace collapses to single spaces",
    { given: '{\n  "error": {\n\t"code": "X"\n  }\n}\n', want: '{ "error": { "code": "X" } }' },
  ],
  ["an empty body stays empty", { given: "", want: "" }],
  ["control characters do not reach the certificate", { given: "\u001b[31mred\u001b[39m\u0000end", want: "red end" }],
  [
    "a long body is cut to 300 characters, the last an ellipsis",
    { given: "x".repeat(1000), want: `${"x".repeat(299)}…` },
  ],
  [
    "a JWT is redacted before the cut",
    {
      given: `${"y".repeat(290)} eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl`,
      want: `${"y".repeat(290)} [REDACTE…`,
    },
  ],
];

for (const [title, { given, want }] of excerpts) {
  test(`body excerpt: ${title}`, () => {
    const got = bodyExcerpt(given);
    expect(got).toBe(want);
    expect(got.length).toBeLessThanOrEqual(300);
  });
}

const requests: [string, { given: { url: string; baseUrl: string }; want: string }][] = [
  [
    "the path relative to the base URL, with its query",
    {
      given: { url: `${base}/itwins/a/members/groups/b?x=1`, baseUrl: base },
      want: "DELETE /itwins/a/members/groups/b?x=1",
    },
  ],
  [
    "a base URL with a trailing slash",
    {
      given: { url: `${base}/itwins/a/members/groups/b`, baseUrl: `${base}/` },
      want: "DELETE /itwins/a/members/groups/b",
    },
  ],
  [
    "a URL outside the base: its path and query",
    { given: { url: "http://other.invalid/p/q?r=s", baseUrl: base }, want: "DELETE /p/q?r=s" },
  ],
];

for (const [title, { given, want }] of requests) {
  test(`request line: ${title}`, () => {
    expect(evidenceOf(exchange({ url: given.url }), given.baseUrl, "pass").request).toBe(want);
  });
}

function recorder() {
  const testInfo = {
    annotations: [] as { type: string; description?: string }[],
    attachments: [] as TestInfo["attachments"],
    status: "passed",
  } as unknown as TestInfo;
  const findings = new FindingRecorder(testInfo, base);
  // As a reporter reads it back: from the test's attachment.
  const published = () =>
    Object.fromEntries(
      evidenceAnnotations(testInfo.attachments).map((a) => {
        const parsed = decodeEvidence(a.description)!;
        return [parsed.id, parsed.evidence];
      }),
    );
  return { findings, published, testInfo };
}

// Playwright's junit reporter writes every annotation into junit.xml; an attachment with a body it leaves out.
test("evidence is published as one JSON attachment, never as an annotation", () => {
  const { findings, published, testInfo } = recorder();
  findings.seen(exchange({ status: 404 }));
  findings.held("NOT-FOUND-GROUP");
  findings.held("ERROR-JSON");
  findings.finish();
  expect(testInfo.annotations.filter((a) => a.type === annotation.evidence)).toEqual([]);
  expect(testInfo.attachments.map((a) => [a.name, a.contentType, a.path])).toEqual([
    ["conformance-evidence", "application/json", undefined],
  ]);
  expect(Object.keys(published())).toEqual(["NOT-FOUND-GROUP", "ERROR-JSON"]);
});

test("a verify check's evidence is the last response the test received before it ended", () => {
  const { findings, published } = recorder();
  findings.seen(exchange({ status: 204, text: "" }));
  findings.seen(exchange({ status: 404 }));
  findings.held("REMOVE-MEMBERSHIP-GONE");
  findings.finish();
  expect(published()["REMOVE-MEMBERSHIP-GONE"]).toMatchObject({
    outcome: "pass",
    status: 404,
    request: `DELETE ${path}`,
  });
});

test("a check with no response of the operation under test has no evidence", () => {
  const { findings, published } = recorder();
  findings.held("REMOVE-NO-BODY");
  findings.finish();
  expect(published()).toEqual({});
});

test("the observer's evidence is the response it judged; a violation's wins over a pass's", () => {
  const { findings, published } = recorder();
  const observe = createObserver(findings);
  observe(exchange({ status: 404 }));
  observe(exchange({ status: 404, headers: { "content-type": "text/plain" }, text: "not found" }));
  observe(exchange({ status: 404, headers: { "content-type": "text/html" }, text: "<h1>gone</h1>" }));
  expect(() => findings.finish(), "the MUST violation still fails the test").toThrow(/ERROR-JSON/);
  expect(published()["ERROR-JSON"]).toMatchObject({ outcome: "violation", body: "not found" });
  expect(published()["DOCUMENTED-STATUS"]).toMatchObject({
    outcome: "pass",
    body: expect.stringContaining("GroupNotFound"),
  });
});

test("a token the target echoes never reaches the evidence", () => {
  registerSecret("echoed-canary-token-0123456789");
  const { findings, published } = recorder();
  findings.seen(
    exchange({ text: '{"error":{"code":"X","message":"Bearer echoed-canary-token-0123456789 is not valid"}}' }),
  );
  findings.violation("NOT-FOUND-GROUP", "expected 404");
  expect(() => findings.finish()).toThrow();
  const evidence = published()["NOT-FOUND-GROUP"]!;
  expect(evidence.body).not.toContain("echoed-canary-token-0123456789");
  expect(evidence.body).toContain("[REDACTED]");
});

test("an annotation that is not evidence is ignored, not misread", () => {
  for (const description of [
    "",
    "ID",
    "ID not json",
    'ID {"outcome":"maybe","request":"x","status":1,"body":""}',
    'ID {"outcome":"pass"}',
  ]) {
    expect(decodeEvidence(description), description).toBeUndefined();
  }
});
