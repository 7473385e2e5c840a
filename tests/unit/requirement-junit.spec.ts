import { expect, test } from "@playwright/test";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { registerSecret } from "../../src/core/secrets";
import {
  escapeXmlAttribute,
  escapeXmlText,
  requirementJunit,
  testCase,
} from "../../src/reporting/formats/requirement-junit";
import type { CheckResult } from "../../src/verdict/run-verdict";
import { checkResult } from "../support/check-results";

// reports/conformance-junit.xml: one JUnit test case per requirement, its
// level and verdict as properties, everything escaped for XML.

const secret = "canary-junit-secret-0123";
const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
test.beforeAll(() => registerSecret(secret));

const escaping: [string, { given: string; want: { text: string; attribute: string } }][] = [
  [
    "plain text is kept",
    { given: "expected 404, got 200", want: { text: "expected 404, got 200", attribute: "expected 404, got 200" } },
  ],
  [
    "markup characters",
    {
      given: `<a href="x">&'`,
      want: { text: `&lt;a href="x"&gt;&amp;'`, attribute: "&lt;a href=&quot;x&quot;&gt;&amp;&apos;" },
    },
  ],
  ["an end of CDATA in text", { given: "]]>", want: { text: "]]&gt;", attribute: "]]&gt;" } }],
  [
    "line breaks and tabs survive in attributes as references",
    {
      given: "one\ntwo\r\n\tthree",
      want: { text: "one\ntwo\r\n\tthree", attribute: "one&#10;two&#13;&#10;&#9;three" },
    },
  ],
  ["colour codes are dropped", { given: "\u001b[31mred\u001b[39m", want: { text: "red", attribute: "red" } }],
  [
    "characters XML cannot hold are replaced",
    {
      given: "nul\u0000 bell\u0007 lone\uD800 \uFFFF",
      want: { text: "nul\uFFFD bell\uFFFD lone\uFFFD \uFFFD", attribute: "nul\uFFFD bell\uFFFD lone\uFFFD \uFFFD" },
    },
  ],
  ["characters beyond the basic plane are kept", { given: "✓ 😀 ü", want: { text: "✓ 😀 ü", attribute: "✓ 😀 ü" } }],
  [
    "a registered secret and anything shaped like a JWT are redacted",
    {
      given: `token ${secret} and ${jwt}`,
      want: { text: "token [REDACTED] and [REDACTED JWT]", attribute: "token [REDACTED] and [REDACTED JWT]" },
    },
  ],
];

for (const [title, { given, want }] of escaping) {
  test(`escaping: ${title}`, () => {
    expect(escapeXmlText(given)).toBe(want.text);
    expect(escapeXmlAttribute(given)).toBe(want.attribute);
  });
}

const check = checkResult;

const properties = (level: string, verdict: string) => [
  `  <properties>`,
  `    <property name="level" value="${level}"/>`,
  `    <property name="verdict" value="${verdict}"/>`,
  `  </properties>`,
];

const cases: [string, { given: CheckResult; want: string[] }][] = [
  [
    "pass: a passed test case",
    {
      given: check({}),
      want: [
        `<testcase classname="conformance.MUST" name="REMOVE-204 A valid removal answers 204 No Content">`,
        ...properties("MUST", "pass"),
        `</testcase>`,
      ],
    },
  ],
  [
    "a pass with a reason keeps it as output",
    {
      given: check({ reason: "passed what ran; not checked: set X" }),
      want: [
        `<testcase classname="conformance.MUST" name="REMOVE-204 A valid removal answers 204 No Content">`,
        ...properties("MUST", "pass"),
        `  <system-out>passed what ran; not checked: set X</system-out>`,
        `</testcase>`,
      ],
    },
  ],
  [
    "fail: a failure, its message the reason's first line, its text the whole reason",
    {
      given: check({ verdict: "fail", reason: "t1: expected 204, got <500>\nt2: expected 204, got 202" }),
      want: [
        `<testcase classname="conformance.MUST" name="REMOVE-204 A valid removal answers 204 No Content">`,
        ...properties("MUST", "fail"),
        `  <failure message="t1: expected 204, got &lt;500&gt; (+1 more lines)" type="MUST">t1: expected 204, got &lt;500&gt;`,
        `t2: expected 204, got 202</failure>`,
        `</testcase>`,
      ],
    },
  ],
  [
    "warn: a passed test case whose verdict property says warn, the reason as output",
    {
      given: check({
        id: "REMOVE-NO-CONTENT-LENGTH",
        title: "A 204 response carries no Content-Length header",
        level: "SHOULD",
        verdict: "warn",
        reason: `t: header "content-length" is 0`,
      }),
      want: [
        `<testcase classname="conformance.SHOULD" name="REMOVE-NO-CONTENT-LENGTH A 204 response carries no Content-Length header">`,
        ...properties("SHOULD", "warn"),
        `  <system-out>t: header "content-length" is 0</system-out>`,
        `</testcase>`,
      ],
    },
  ],
  [
    "skip: skipped, with the reason that names the setting",
    {
      given: check({
        id: "RATE-LIMIT-429",
        title: "Past the rate limit the operation answers 429 RateLimitExceeded",
        verdict: "skip",
        reason: "CONFORMANCE_RATE_LIMIT_BUDGET is 0 or unset",
      }),
      want: [
        `<testcase classname="conformance.MUST" name="RATE-LIMIT-429 Past the rate limit the operation answers 429 RateLimitExceeded">`,
        ...properties("MUST", "skip"),
        `  <skipped message="CONFORMANCE_RATE_LIMIT_BUDGET is 0 or unset"/>`,
        `</testcase>`,
      ],
    },
  ],
  [
    "a reason quoting a token is redacted",
    {
      given: check({ verdict: "fail", reason: `t: body {"token":"${secret}"}` }),
      want: [
        `<testcase classname="conformance.MUST" name="REMOVE-204 A valid removal answers 204 No Content">`,
        ...properties("MUST", "fail"),
        `  <failure message="t: body {&quot;token&quot;:&quot;[REDACTED]&quot;}" type="MUST">t: body {"token":"[REDACTED]"}</failure>`,
        `</testcase>`,
      ],
    },
  ],
];

for (const [title, { given, want }] of cases) {
  test(`test case: ${title}`, () => {
    const xml = testCase(given);
    expect(xml).toBe(want.join("\n"));
    expect(wellFormed(xml)).toEqual([]);
  });
}

const report = (over: Partial<ConformanceReport>): ConformanceReport => ({
  suite: { name: "itwin-remove-group-member-conformance", version: "0.1.0", commit: "abc" },
  implementation: { name: null, version: null },
  fixtures: "api",
  verdict: "fail",
  operation: "DELETE /itwins/{id}/members/groups/{groupId}",
  target: { baseUrl: "http://127.0.0.1:1/accesscontrol", embedded: false, itwinId: "i" },
  spec: { file: "specs/openapi.yaml", sha256: "abc" },
  startedAt: "2026-01-02T03:04:05.000Z",
  durationMs: 1234,
  requests: 212,
  traffic: null,
  runStatus: "failed",
  summary: {},
  runErrors: [],
  checks: [
    check({}),
    check({
      id: "NOT-FOUND-ITWIN",
      title: "An unknown iTwin answers 404 ItwinNotFound",
      verdict: "fail",
      reason: "t: expected ItwinNotFound",
    }),
    check({
      id: "RATE-LIMIT-HEADERS",
      title: "A 429 carries the headers",
      level: "SHOULD",
      verdict: "warn",
      reason: "t: no headers",
    }),
    check({ id: "RATE-LIMIT-429", title: "429", verdict: "skip", reason: "set CONFORMANCE_RATE_LIMIT_BUDGET" }),
    check({ id: "AUTH-INVALID-TOKEN", title: "401", verdict: "skip", reason: "set CONFORMANCE_EXPIRED_TOKEN" }),
  ],
  ...over,
});

test("the test suite counts the requirements, their failures and skips, and carries the run's verdict", () => {
  const xml = requirementJunit(report({}));
  expect(wellFormed(xml)).toEqual([]);
  expect(
    xml.startsWith(
      `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="itwin-remove-group-member-conformance" tests="5" failures="1" errors="0" skipped="2" time="1.234">`,
    ),
  ).toBe(true);
  expect(xml).toContain(
    `<testsuite name="conformance: DELETE /itwins/{id}/members/groups/{groupId}" tests="5" failures="1" errors="0" skipped="2" time="1.234" timestamp="2026-01-02T03:04:05.000Z">`,
  );
  expect(xml).toContain(`<property name="verdict" value="fail"/>`);
  expect(xml).toContain(`<property name="target" value="http://127.0.0.1:1/accesscontrol"/>`);
  expect(xml.match(/<testcase /g)).toHaveLength(5);
  expect(xml).not.toContain("<system-err>");
});

test("errors outside the checks go to the suite's error output and fail a test case of their own", () => {
  const xml = requirementJunit(report({ runErrors: ["clean-up left objects behind: role <r>"] }));
  expect(wellFormed(xml)).toEqual([]);
  expect(xml).toContain("<system-err>clean-up left objects behind: role &lt;r&gt;</system-err>");
  expect(xml).toMatch(
    /<testcase classname="conformance\.run" name="the run itself">\n\s+<error message="clean-up left objects behind: role &lt;r&gt;">/,
  );
  expect(xml).toMatch(/<testsuite [^>]*errors="1"/);
});

test("an interrupted run fails a test case of its own", () => {
  const xml = requirementJunit(report({ runStatus: "interrupted" }));
  expect(wellFormed(xml)).toEqual([]);
  expect(xml).toContain('<error message="the run was interrupted">');
});

/**
 * What keeps `xml` from being well-formed, for the subset this module writes
 * (elements, attributes in double quotes, text; no comments or CDATA): tags
 * that do not nest, and markup characters or references that are not escaped.
 */
function wellFormed(xml: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  const body = xml.replace(/^<\?xml [^?]*\?>\n/, "");
  const tag = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (const match of body.matchAll(tag)) {
    problems.push(...textProblems(body.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, closing, name, attrs, selfClosing] = match;
    for (const [, value] of attrs!.matchAll(/="([^"]*)"/g))
      problems.push(...textProblems(value!).map((p) => `attribute: ${p}`));
    if (closing) {
      const innermost = open.pop();
      if (innermost !== name) problems.push(`</${name}> where <${innermost ?? "nothing"}> is open`);
    } else if (!selfClosing) open.push(name!);
  }
  problems.push(...textProblems(body.slice(last)));
  if (open.length) problems.push(`left open: ${open.join(", ")}`);
  return problems;
}

function textProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[<>]/.test(text)) problems.push(`unescaped markup in ${JSON.stringify(text)}`);
  if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) problems.push(`unescaped & in ${JSON.stringify(text)}`);
  return problems;
}

test("the well-formedness check finds what it looks for", () => {
  expect(wellFormed(`<a x="1"><b/>text</a>`)).toEqual([]);
  expect(wellFormed(`<a x="&"><b></a>`)).toEqual([
    'attribute: unescaped & in "&"',
    "</a> where <b> is open",
    "left open: a",
  ]);
  expect(wellFormed(`<a>1 > 0</a>`)).toEqual(['unescaped markup in "1 > 0"']);
});
