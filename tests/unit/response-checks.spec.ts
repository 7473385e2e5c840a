import { expect, test } from "@playwright/test";
import type { Exchange } from "../../src/client/exchange";
import {
  bearerChallengeOn401,
  documentedStatus,
  errorIsJson,
  errorMatchesSchema,
  noContentHasNoBody,
  noContentLengthOn204,
  noEchoedCredential,
  pathIdsAreWellFormed,
  rateLimitedHeaders,
  responseChecks,
  retryAfterWholeSeconds,
} from "../../src/checks/response-checks";
import { problemText, type Check } from "../../src/checks/check";
import { base, groupId, itwinId, removalAnswer, url } from "../support/exchanges";

// Each response check, given one exchange: whether it looks at it, and the failure it reports (or none).

const answer = removalAnswer;
const errorBody = (code: string, message = "m") => JSON.stringify({ error: { code, message } });
const jsonError = (status: number, code: string, over: Partial<Exchange> = {}): Exchange =>
  answer(status, { headers: { "content-type": "application/json" }, text: errorBody(code), ...over });
const tooMany = (headers: Record<string, string>) =>
  jsonError(429, "RateLimitExceeded", { headers: { "content-type": "application/json", ...headers } });
const unauthorized = (challenge?: string) =>
  jsonError(401, "InvalidToken", {
    headers: {
      "content-type": "application/json",
      ...(challenge === undefined ? {} : { "www-authenticate": challenge }),
    },
  });

/** How a failure message quotes the exchange it is about. */
const quoted = (status: number, body = "(empty)", type = "none") =>
  `DELETE ${url} → ${status} (content-type: ${type}) body: ${body}`;
const quotedError = (status: number, code: string) => quoted(status, errorBody(code), "application/json");
/** How a failure message quotes a JSON error answer whose body was cut at the read cap. */
const quotedCut = (status: number, body: string) =>
  `DELETE ${url} → ${status} (content-type: application/json) body cut at 1048576 bytes: ${body}`;

const undocumented = (status: number) =>
  `status ${status} is not documented for removeItwinGroupMember (documented: 204, 401, 404, 429)`;

interface CheckTable {
  check: Check;
  appliesTo: [string, { given: Exchange; want: boolean }][];
  /** `want` is the failure message, or undefined for a pass. */
  run: [string, { given: Exchange; want: string | undefined }][];
}

const allRateLimitHeaders = {
  "itwinplatform-ratelimited-tier": "t",
  "itwinplatform-ratelimited-api": "a",
  "itwinplatform-ratelimited-operation": "o",
  "itwinplatform-ratelimited-application": "app",
};

const tables: CheckTable[] = [
  {
    check: documentedStatus,
    appliesTo: [
      ["well-formed ids", { given: jsonError(404, "ItwinNotFound"), want: true }],
      ["ids without hyphens", { given: answer(204, { url: url.replace(/-/g, "") }), want: true }],
      [
        "a malformed group id, MALFORMED-ID's to judge",
        { given: jsonError(400, "InvalidRequest", { url: `${base}/itwins/${itwinId}/members/groups/x` }), want: false },
      ],
    ],
    run: [
      ["204", { given: answer(204), want: undefined }],
      ["404", { given: jsonError(404, "ItwinNotFound"), want: undefined }],
      [
        "403 InsufficientPermissions, as the API's other writes answer",
        { given: jsonError(403, "InsufficientPermissions"), want: undefined },
      ],
      [
        "403 to the unprivileged identity, whatever its code",
        { given: jsonError(403, "Forbidden", { caller: "unprivileged" }), want: undefined },
      ],
      [
        "403 with another code",
        {
          given: jsonError(403, "HeaderNotFound"),
          want: `${undocumented(403)}: ${quotedError(403, "HeaderNotFound")}`,
        },
      ],
      [
        "500",
        {
          given: jsonError(500, "InternalServerError"),
          want: `${undocumented(500)}: ${quotedError(500, "InternalServerError")}`,
        },
      ],
      [
        "a status documented for another operation only",
        { given: answer(200), want: `${undocumented(200)}: ${quoted(200)}` },
      ],
    ],
  },
  {
    check: errorIsJson,
    appliesTo: [
      ["a 400", { given: jsonError(400, "InvalidRequest"), want: true }],
      ["a 500", { given: jsonError(500, "InternalServerError"), want: true }],
      ["a 204", { given: answer(204), want: false }],
    ],
    run: [
      ["application/json", { given: jsonError(404, "ItwinNotFound"), want: undefined }],
      [
        "application/json with a charset",
        {
          given: jsonError(404, "ItwinNotFound", { headers: { "content-type": "application/json; charset=utf-8" } }),
          want: undefined,
        },
      ],
      [
        "a +json media type",
        {
          given: jsonError(404, "ItwinNotFound", { headers: { "content-type": "application/problem+json" } }),
          want: undefined,
        },
      ],
      [
        "an HTML error page",
        {
          given: answer(502, { headers: { "content-type": "text/html" }, text: "<h1>Bad gateway</h1>" }),
          want: `error response is not declared as JSON: ${quoted(502, "<h1>Bad gateway</h1>", "text/html")}`,
        },
      ],
      ["no content type", { given: answer(404), want: `error response is not declared as JSON: ${quoted(404)}` }],
      [
        "a JSON type on a body that is not JSON",
        {
          given: answer(404, { headers: { "content-type": "application/json" }, text: '{"error":' }),
          want: `error response body does not parse as JSON: ${quoted(404, '{"error":', "application/json")}`,
        },
      ],
      [
        "a body cut at the read cap, though what was read parses",
        {
          given: jsonError(404, "ItwinNotFound", { bodyCutAt: 1048576 }),
          want: `error response body was cut at 1048576 bytes, so it is not judged as JSON: ${quotedCut(404, errorBody("ItwinNotFound"))}`,
        },
      ],
    ],
  },
  {
    check: errorMatchesSchema,
    appliesTo: [
      ["a 404", { given: jsonError(404, "ItwinNotFound"), want: true }],
      ["a 204", { given: answer(204), want: false }],
    ],
    run: [
      ["an ErrorResponse", { given: jsonError(404, "ItwinNotFound"), want: undefined }],
      [
        "an error without its message",
        {
          given: jsonError(404, "ItwinNotFound", { text: '{"error":{"code":"ItwinNotFound"}}' }),
          want: `error body does not match ErrorResponse (/error must have required property 'message'): ${quoted(404, '{"error":{"code":"ItwinNotFound"}}', "application/json")}`,
        },
      ],
      [
        "a field beside error",
        {
          given: jsonError(404, "ItwinNotFound", { text: '{"error":{"code":"c","message":"m"},"status":404}' }),
          want: `error body does not match ErrorResponse ((root) must NOT have additional properties): ${quoted(404, '{"error":{"code":"c","message":"m"},"status":404}', "application/json")}`,
        },
      ],
      [
        "a body that is not JSON",
        {
          given: answer(404, { text: "Not Found" }),
          want: `error body is not JSON, so it cannot be an ErrorResponse: ${quoted(404, "Not Found")}`,
        },
      ],
      [
        "a body cut at the read cap",
        {
          given: jsonError(404, "ItwinNotFound", { text: '{"error":{"code":"ItwinNot', bodyCutAt: 1048576 }),
          want: `error body was cut at 1048576 bytes, so it is not judged as an ErrorResponse: ${quotedCut(404, '{"error":{"code":"ItwinNot')}`,
        },
      ],
    ],
  },
  {
    check: noContentHasNoBody,
    appliesTo: [
      ["a 204", { given: answer(204), want: true }],
      ["a 200", { given: answer(200), want: false }],
    ],
    run: [
      ["no body", { given: answer(204), want: undefined }],
      ["Content-Length: 0", { given: answer(204, { headers: { "content-length": "0" } }), want: undefined }],
      ["a body", { given: answer(204, { text: "{}" }), want: `204 response carries a body: ${quoted(204, "{}")}` }],
      [
        "Content-Length announcing content it does not send",
        {
          given: answer(204, { headers: { "content-length": "12" } }),
          want: `204 response announces content (Content-Length: 12): ${quoted(204)}`,
        },
      ],
      [
        "Transfer-Encoding",
        {
          given: answer(204, { headers: { "transfer-encoding": "chunked" } }),
          want: `204 response announces content (Transfer-Encoding: chunked): ${quoted(204)}`,
        },
      ],
    ],
  },
  {
    check: noContentLengthOn204,
    appliesTo: [
      ["a 204", { given: answer(204), want: true }],
      ["a 404", { given: jsonError(404, "ItwinNotFound", { headers: { "content-length": "60" } }), want: false }],
    ],
    run: [
      ["no Content-Length", { given: answer(204), want: undefined }],
      [
        "Content-Length: 0",
        {
          given: answer(204, { headers: { "content-length": "0" } }),
          want: `204 response carries Content-Length: 0: ${quoted(204)}`,
        },
      ],
    ],
  },
  {
    check: retryAfterWholeSeconds,
    appliesTo: [
      ["a 429", { given: tooMany({ "retry-after": "1" }), want: true }],
      ["a 503", { given: jsonError(503, "ServiceUnavailable", { headers: { "retry-after": "soon" } }), want: false }],
    ],
    run: [
      ["whole seconds", { given: tooMany({ "retry-after": "30" }), want: undefined }],
      ["zero seconds", { given: tooMany({ "retry-after": "0" }), want: undefined }],
      [
        "no Retry-After",
        { given: tooMany({}), want: `Retry-After header is missing: ${quotedError(429, "RateLimitExceeded")}` },
      ],
      [
        "an HTTP-date",
        {
          given: tooMany({ "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" }),
          want: `Retry-After is an HTTP-date ("Wed, 21 Oct 2026 07:28:00 GMT"), not a number of seconds: ${quotedError(429, "RateLimitExceeded")}`,
        },
      ],
      [
        "a fraction",
        {
          given: tooMany({ "retry-after": "1.5" }),
          want: `Retry-After is not a whole number of seconds: "1.5": ${quotedError(429, "RateLimitExceeded")}`,
        },
      ],
    ],
  },
  {
    check: rateLimitedHeaders,
    appliesTo: [
      ["a 429", { given: tooMany({}), want: true }],
      ["a 404", { given: jsonError(404, "ItwinNotFound"), want: false }],
    ],
    run: [
      ["all four headers", { given: tooMany(allRateLimitHeaders), want: undefined }],
      [
        "two missing",
        {
          given: tooMany({
            "itwinplatform-ratelimited-tier": "t",
            "itwinplatform-ratelimited-api": "a",
          }),
          want: "429 lacks itwinplatform-ratelimited-operation, itwinplatform-ratelimited-application",
        },
      ],
      [
        "none",
        {
          given: tooMany({}),
          want: "429 lacks itwinplatform-ratelimited-tier, itwinplatform-ratelimited-api, itwinplatform-ratelimited-operation, itwinplatform-ratelimited-application",
        },
      ],
    ],
  },
  {
    check: noEchoedCredential,
    // Any answer of the operation may echo a credential; another method on its URL is METHOD-NOT-ALLOWED's alone.
    appliesTo: [
      ["a 204", { given: answer(204), want: true }],
      ["a 401", { given: unauthorized(), want: true }],
      ["another method on the URL", { given: answer(405, { method: "PUT", echoedSecret: true }), want: false }],
    ],
    run: [
      ["an answer quoting no credential", { given: jsonError(404, "ItwinNotFound"), want: undefined }],
      [
        "an answer that quoted one",
        {
          given: jsonError(404, "ItwinNotFound", {
            text: errorBody("ItwinNotFound", "[REDACTED]"),
            echoedSecret: true,
          }),
          want: `the answer quotes a credential (redacted here): ${quoted(404, errorBody("ItwinNotFound", "[REDACTED]"), "application/json")}`,
        },
      ],
    ],
  },
  {
    check: bearerChallengeOn401,
    appliesTo: [
      ["a 401", { given: unauthorized(), want: true }],
      ["a 403", { given: jsonError(403, "InsufficientPermissions"), want: false }],
    ],
    run: [
      ["a Bearer challenge", { given: unauthorized('Bearer realm="itwin-platform"'), want: undefined }],
      ["Bearer among other challenges", { given: unauthorized('Basic realm="x", Bearer'), want: undefined }],
      ["bearer in lower case", { given: unauthorized("bearer"), want: undefined }],
      [
        "no WWW-Authenticate",
        { given: unauthorized(), want: `401 without WWW-Authenticate: ${quotedError(401, "InvalidToken")}` },
      ],
      [
        "another scheme only",
        {
          given: unauthorized('Basic realm="x"'),
          want: '401 whose WWW-Authenticate offers no Bearer challenge (Basic realm="x")',
        },
      ],
      [
        "a scheme that only starts like Bearer",
        { given: unauthorized("Bearerish"), want: "401 whose WWW-Authenticate offers no Bearer challenge (Bearerish)" },
      ],
    ],
  },
];

test("every response check has its table", () => {
  expect(tables.map((t) => t.check.name)).toEqual(responseChecks.map((c) => c.name));
});

for (const { check, appliesTo, run } of tables) {
  test.describe(check.name, () => {
    for (const [title, { given, want }] of appliesTo) {
      test(`${want ? "looks at" : "passes over"} ${title}`, () => {
        expect(check.appliesTo(given)).toBe(want);
      });
    }
    for (const [title, { given, want }] of run) {
      test(`${want === undefined ? "passes" : "fails"} ${title}`, () => {
        const found = check.run(given);
        expect(found && problemText(found, given)).toBe(want);
      });
    }
  });
}

const pathIds: [string, { given: string; want: boolean }][] = [
  ["two GUIDs", { given: url, want: true }],
  [
    "GUIDs in upper case",
    { given: `${base}/itwins/${itwinId.toUpperCase()}/members/groups/${groupId.toUpperCase()}`, want: true },
  ],
  ["32 hex digits without hyphens", { given: url.replace(/-/g, ""), want: true }],
  ["a query string after the ids", { given: `${url}?force=true`, want: true }],
  ["percent-encoded hyphens", { given: url.replace(/-/g, "%2D"), want: true }],
  ["a malformed iTwin id", { given: url.replace(itwinId, "my-itwin"), want: false }],
  ["a malformed group id", { given: url.replace(groupId, "my-group"), want: false }],
  ["an empty group id", { given: url.replace(groupId, ""), want: false }],
  ["a GUID with more after an encoded slash", { given: url.replace(groupId, `${groupId}%2F..`), want: false }],
  ["percent-encoding that does not decode", { given: url.replace(groupId, "%E0%A4%A"), want: false }],
];

for (const [title, { given, want }] of pathIds) {
  test(`path ids ${want ? "well formed" : "malformed"}: ${title}`, () => {
    expect(pathIdsAreWellFormed(answer(404, { url: given }))).toBe(want);
  });
}
