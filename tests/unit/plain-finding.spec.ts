import { expect, test } from "@playwright/test";
import { requirements } from "../../generated/requirements";
import {
  authorityOf,
  expectedGot,
  messageParts,
  plainSentence,
  reasonEntries,
  withSummary,
} from "../../src/verdict/plain-finding";
import { checkResult } from "../support/check-results";

// A finding as one plain sentence: what was sent, what came back, what is required.

const requirement = (id: string) => requirements.find((r) => r.id === id)!;
const base = "http://127.0.0.1:5000/accesscontrol";
const g = "566d77e2-93e4-440d-bbc6-2b32a6804e23";
const i = "bfe08513-ada2-4507-9c6c-0d618764d587";
const dump = (expected: string, received: string, matcher = "toBe(expected) // Object.is equality") =>
  `\n\n\u001b[2mexpect(\u001b[22m\u001b[31mreceived\u001b[39m\u001b[2m).\u001b[22m${matcher}\n\nExpected: \u001b[32m${expected}\u001b[39m\nReceived: \u001b[31m${received}\u001b[39m`;

const sentences: [string, { id: string; message: string; want: string }][] = [
  [
    "expectStatus on a requirement that says what it answers",
    {
      id: "NOT-FOUND-GROUP",
      message: `expected 404: DELETE ${base}/itwins/${i}/members/groups/${g} → 204 (content-type: none) body: (empty)${dump("404", "204")}`,
      want: "An unknown group answered 204; the documentation requires 404.",
    },
  ],
  [
    "an error code in the body is named with the status",
    {
      id: "NOT-FOUND-ITWIN",
      message: `expected 404: DELETE ${base}/itwins/${i}/members/groups/${g} → 404 (content-type: application/json) body: {"error":{"code":"NotFound","message":"x"}}`,
      want: "An unknown iTwin answered 404 NotFound; the documentation requires 404 ItwinNotFound.",
    },
  ],
  [
    "the check's own words name what was sent; the dump becomes the expectation",
    {
      id: "MALFORMED-ID",
      message: `a word as the group id answered 204${dump(">= 400", "   204", "toBeGreaterThanOrEqual(expected)")}`,
      want: "A word as the group id answered 204 (expected >= 400); the documentation requires that a hostile id (not a GUID, an encoded path traversal, a very long one) is a client error (4xx, never 5xx) and removes or deletes nothing.",
    },
  ],
  [
    "a requirement with no 'answers' in its title: the request, relative to the base, and what was expected",
    {
      id: "REMOVE-MEMBERSHIP-GONE",
      message: `expected 404: DELETE ${base}/itwins/${i}/members/groups/${g} → 204 (content-type: none) body: (empty)${dump("404", "204")}`,
      want: `DELETE /itwins/${i}/members/groups/${g} answered 204 (expected 404); the documentation requires that after a removal the membership is gone (a second removal and the member lookup are 404).`,
    },
  ],
  [
    "an observer's message: its detail, and the RFC the requirement comes from",
    {
      id: "AUTH-WWW-AUTHENTICATE",
      message: `bearer_challenge_on_401: 401 without WWW-Authenticate: DELETE ${base}/itwins/${i}/members/groups/${g} → 401 (content-type: application/json) body: {"error":{"code":"HeaderNotFound","message":"Header Authorization was not found in the request. Access denied."}}`,
      want: `DELETE /itwins/${i}/members/groups/${g} answered 401 HeaderNotFound without WWW-Authenticate; RFC 9110 §15.5.2 requires that a 401 carries a WWW-Authenticate header with the Bearer scheme.`,
    },
  ],
  [
    "an observer's detail that does not start with the status is quoted in brackets",
    {
      id: "DOCUMENTED-STATUS",
      message: `documented_status: status 500 is not documented for removeGroupMember (documented: 204, 401, 404, 429): DELETE ${base}/itwins/${i}/members/groups/${g} → 500 (content-type: none) body: (empty)`,
      want: `DELETE /itwins/${i}/members/groups/${g} answered 500 (status 500 is not documented for removeGroupMember (documented: 204, 401, 404, 429)); the documentation requires that every response of the operation to well-formed ids has a documented status (204, 401, 404, 429; or 403 InsufficientPermissions, as this API documents it for its other writes).`,
    },
  ],
  [
    "an observer's detail that says what answered: its words, once, and never the check's name",
    {
      id: "REMOVE-204",
      message: `success_is_no_content: a removal answered 202, not 204: DELETE ${base}/itwins/${i}/members/groups/${g} → 202 (content-type: none) body: (empty)`,
      want: "A removal answered 202; the documentation requires 204 No Content.",
    },
  ],
  [
    "no response at all: the test's own words",
    {
      id: "RATE-LIMIT-429",
      message: "timed out (timedOut)",
      want: "Timed out (timedOut); the documentation requires 429 RateLimitExceeded.",
    },
  ],
];

for (const [title, { id, message, want }] of sentences) {
  test(`sentence: ${title}`, () => {
    expect(plainSentence({ test: "t", message }, requirement(id), null, base)).toBe(want);
  });
}

test("sentence: the evidence gives the status and code when the message has none of its own", () => {
  const evidence = {
    outcome: "violation" as const,
    request: `DELETE /itwins/${i}/members/groups/${g}`,
    status: 403,
    body: '{"error":{"code":"Forbidden"}}',
    test: "t",
  };
  expect(
    plainSentence(
      { test: "t", message: "refused with the wrong status" },
      requirement("AUTH-MISSING-HEADER"),
      evidence,
    ),
  ).toBe("A request without Authorization answered 403 Forbidden; the documentation requires 401 HeaderNotFound.");
});

const authorities: [string, string][] = [
  ['doc: "Response 404 Not Found."', "the documentation"],
  ["api-doc (apis/overview/rate-limits): a 429 carries …", "the API's documentation"],
  ['RFC 9110 §15.5.2: "The server …"', "RFC 9110 §15.5.2"],
  ["RFC 6750: the Bearer scheme", "RFC 6750"],
  ["somewhere else", "the specification"],
];
for (const [source, want] of authorities) {
  test(`authority of ${JSON.stringify(source)} is ${want}`, () => expect(authorityOf(source)).toBe(want));
}

test("the assertion dump is reduced to expected and got, colour codes and boilerplate gone", () => {
  const parts = messageParts(
    `a word as the group id answered 204${dump(">= 400", "   204", "toBeGreaterThanOrEqual(expected)")}`,
  );
  expect(parts).toEqual({ own: "a word as the group id answered 204", expected: ">= 400", received: "204" });
  expect(expectedGot(parts)).toBe("expected >= 400, got 204");
  expect(expectedGot(messageParts("plain words"))).toBe("");
  expect(messageParts("TypeError: x is undefined").own).toBe("x is undefined");
  expect(messageParts("Error: expected 204").own).toBe("expected 204");
});

test("a reason splits back into its entries by test title, multi-line messages kept whole", () => {
  const reason = ["a › b: first\n\nExpected: 1\nReceived: 2", "c: second", "a › b: third"].join("\n");
  expect(reasonEntries(reason, ["c", "a › b"])).toEqual([
    { test: "a › b", message: "first\n\nExpected: 1\nReceived: 2" },
    { test: "c", message: "second" },
    { test: "a › b", message: "third" },
  ]);
});

test("grouping: a repeated finding is counted, and the summary is its first entry's sentence", () => {
  const message = (n: number) =>
    `bearer_challenge_on_401: 401 without WWW-Authenticate: DELETE ${base}/itwins/${i}/members/groups/g${n} → 401 (content-type: none) body: (empty)`;
  const tests = Array.from({ length: 8 }, (_, n) => `test ${n}`);
  const check = checkResult({
    id: "AUTH-WWW-AUTHENTICATE",
    verdict: "warn",
    level: "SHOULD",
    tests,
    reason: tests.map((t, n) => `${t}: ${message(n)}`).join("\n"),
  });
  const summarized = withSummary(check, requirement("AUTH-WWW-AUTHENTICATE"), base);
  expect(summarized.occurrences).toBe(8);
  expect(summarized.summary).toBe(
    `DELETE /itwins/${i}/members/groups/g0 answered 401 without WWW-Authenticate; RFC 9110 §15.5.2 requires that a 401 carries a WWW-Authenticate header with the Bearer scheme.`,
  );
  expect(summarized.reason).toBe(check.reason);
});

test("a pass or a skip gets no summary", () => {
  for (const verdict of ["pass", "skip"] as const) {
    const check = checkResult({ verdict, reason: "t: something", tests: ["t"] });
    expect(withSummary(check, requirement("REMOVE-204"))).toEqual(check);
  }
});
