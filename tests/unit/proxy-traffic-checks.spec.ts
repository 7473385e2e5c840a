import { expect, test } from "@playwright/test";
import { credentialFacts } from "../../src/proxy/credential";
import type { ProxyExchange } from "../../src/proxy/exchange-capture";
import {
  anonymousNeverNotFound,
  guidCasingNeverServerError,
  hostileIdIsClientError,
  invalidCredentialRefused,
  missingHeaderAnswersHeaderNotFound,
  refusalIsNotForbidden,
  successIsNoContent,
  trafficChecks,
  undeclaredMethodAnswers405,
  type TrafficCheck,
} from "../../src/proxy/traffic-checks";
import { problemText } from "../../src/checks/check";
import { base, groupId, itwinId, removalAnswer, url } from "../support/exchanges";

// Each traffic check, given one proxied exchange: whether it looks at it, and the failure it reports (or none).

const bearer = "Bearer opaque-token-value";

const jwt = (header: object, claims: object) =>
  [header, claims].map((part) => Buffer.from(JSON.stringify(part)).toString("base64url")).join(".") + ".c2ln";
const expiredJwt = jwt({ alg: "ES256" }, { exp: Math.floor(Date.now() / 1000) - 3600 });
const unsignedJwt = jwt({ alg: "none" }, { exp: Math.floor(Date.now() / 1000) + 3600 });
const validJwt = jwt({ alg: "ES256" }, { exp: Math.floor(Date.now() / 1000) + 3600 });

const answer = (
  status: number,
  over: Partial<ProxyExchange> & { authorization?: string | null } = {},
): ProxyExchange => {
  const { authorization = bearer, ...rest } = over;
  return { ...removalAnswer(status), credential: credentialFacts(authorization ?? undefined), ...rest };
};
const jsonError = (status: number, code: string, over: Parameters<typeof answer>[1] = {}) =>
  answer(status, {
    headers: { "content-type": "application/json" },
    text: JSON.stringify({ error: { code, message: "m" } }),
    ...over,
  });
const anonymous = { authorization: null };

/** How a failure message quotes the exchange it is about. */
const quoted = (e: ProxyExchange) =>
  `${e.method} ${e.url} → ${e.status} (content-type: ${e.headers["content-type"] ?? "none"}) body: ${e.text || "(empty)"}`;

interface CheckTable {
  check: TrafficCheck;
  appliesTo: [string, { given: ProxyExchange; want: boolean }][];
  /** `want`: the failure message before the quoted exchange, or undefined for a pass. */
  run: [string, { given: ProxyExchange; want: string | undefined }][];
}

const tables: CheckTable[] = [
  {
    check: missingHeaderAnswersHeaderNotFound,
    appliesTo: [
      ["a request without Authorization", { given: jsonError(401, "HeaderNotFound", anonymous), want: true }],
      ["a request with a credential", { given: jsonError(401, "InvalidToken"), want: false }],
      [
        "a 429, which may come before authentication",
        { given: jsonError(429, "RateLimitExceeded", anonymous), want: false },
      ],
      ["another method on the URL", { given: jsonError(405, "x", { ...anonymous, method: "PUT" }), want: false }],
    ],
    run: [
      ["401 HeaderNotFound", { given: jsonError(401, "HeaderNotFound", anonymous), want: undefined }],
      [
        "401 with another code",
        {
          given: jsonError(401, "Unauthorized", anonymous),
          want: "a request without Authorization answered 401 Unauthorized, not 401 HeaderNotFound",
        },
      ],
      [
        "403 without a body",
        {
          given: answer(403, anonymous),
          want: "a request without Authorization answered 403 (no error code), not 401 HeaderNotFound",
        },
      ],
    ],
  },
  {
    check: anonymousNeverNotFound,
    appliesTo: [
      ["an anonymous 404", { given: jsonError(404, "ItwinNotFound", anonymous), want: true }],
      ["an anonymous 401", { given: jsonError(401, "HeaderNotFound", anonymous), want: true }],
      ["an anonymous 403", { given: jsonError(403, "Forbidden", anonymous), want: false }],
      ["a 404 with a credential", { given: jsonError(404, "ItwinNotFound"), want: false }],
    ],
    run: [
      ["401", { given: jsonError(401, "HeaderNotFound", anonymous), want: undefined }],
      [
        "404",
        {
          given: jsonError(404, "ItwinNotFound", anonymous),
          want: "a request without Authorization answered 404: existence was decided before authentication",
        },
      ],
    ],
  },
  {
    check: invalidCredentialRefused,
    appliesTo: [
      ["a Basic credential", { given: answer(204, { authorization: "Basic dXNlcjpwYXNz" }), want: true }],
      ["a token without a scheme", { given: answer(204, { authorization: validJwt }), want: true }],
      ["the Bearer scheme alone", { given: answer(204, { authorization: "Bearer" }), want: true }],
      ["an expired JWT", { given: answer(204, { authorization: `Bearer ${expiredJwt}` }), want: true }],
      ["an unsigned JWT", { given: answer(204, { authorization: `Bearer ${unsignedJwt}` }), want: true }],
      ["a JWT within its lifetime", { given: answer(204, { authorization: `Bearer ${validJwt}` }), want: false }],
      ["an opaque Bearer token", { given: answer(204), want: false }],
      ["no Authorization", { given: answer(401, anonymous), want: false }],
      ["a 429", { given: answer(429, { authorization: "Basic dXNlcjpwYXNz" }), want: false }],
    ],
    run: [
      ["401 to a Basic credential", { given: answer(401, { authorization: "Basic dXNlcjpwYXNz" }), want: undefined }],
      [
        "204 to a Basic credential",
        {
          given: answer(204, { authorization: "Basic dXNlcjpwYXNz" }),
          want: "a request with the Basic scheme answered 204, not 401",
        },
      ],
      [
        "404 to a token without a scheme",
        {
          given: answer(404, { authorization: validJwt }),
          want: "a request with a credential without a scheme answered 404, not 401",
        },
      ],
      [
        "204 to an expired JWT",
        {
          given: answer(204, { authorization: `Bearer ${expiredJwt}` }),
          want: "a request with an expired JWT answered 204, not 401",
        },
      ],
      [
        "204 to an unsigned JWT",
        {
          given: answer(204, { authorization: `Bearer ${unsignedJwt}` }),
          want: "a request with an unsigned JWT (alg none) answered 204, not 401",
        },
      ],
    ],
  },
  {
    check: successIsNoContent,
    appliesTo: [
      ["a 200", { given: answer(200), want: true }],
      ["a 404", { given: jsonError(404, "ItwinNotFound"), want: false }],
    ],
    run: [
      ["204", { given: answer(204), want: undefined }],
      ["202", { given: answer(202), want: "a removal answered 202, not 204" }],
    ],
  },
  {
    check: hostileIdIsClientError,
    appliesTo: [
      [
        "a group id that is not a GUID",
        { given: answer(400, { url: `${base}/itwins/${itwinId}/members/groups/x` }), want: true },
      ],
      ["GUIDs", { given: answer(204), want: false }],
    ],
    run: [
      ["400", { given: answer(400, { url: `${base}/itwins/${itwinId}/members/groups/x` }), want: undefined }],
      [
        "500",
        {
          given: answer(500, { url: `${base}/itwins/${itwinId}/members/groups/x` }),
          want: "an id that is not a GUID answered 500, not a client error",
        },
      ],
      [
        "204",
        {
          given: answer(204, { url: `${base}/itwins/..%2F..%2Fgroups/members/groups/x` }),
          want: "an id that is not a GUID answered 204, not a client error",
        },
      ],
    ],
  },
  {
    check: guidCasingNeverServerError,
    appliesTo: [
      [
        "an upper-case group id",
        { given: answer(204, { url: url.replace(groupId, groupId.toUpperCase()) }), want: true },
      ],
      ["lower-case ids", { given: answer(204), want: false }],
    ],
    run: [
      ["404", { given: answer(404, { url: url.replace(itwinId, itwinId.toUpperCase()) }), want: undefined }],
      [
        "500",
        {
          given: answer(500, { url: url.replace(groupId, groupId.toUpperCase()) }),
          want: "a GUID in upper case answered 500",
        },
      ],
    ],
  },
  {
    check: refusalIsNotForbidden,
    appliesTo: [
      ["a 403", { given: jsonError(403, "InsufficientPermissions"), want: true }],
      ["a 404", { given: jsonError(404, "ItwinNotFound"), want: false }],
    ],
    run: [
      [
        "403",
        {
          given: jsonError(403, "InsufficientPermissions"),
          want: "a refusal answered 403, which the operation does not document (401 or 404)",
        },
      ],
    ],
  },
  {
    check: undeclaredMethodAnswers405,
    appliesTo: [
      ["a PUT on the member URL", { given: answer(405, { method: "PUT" }), want: true }],
      ["the operation's own DELETE", { given: answer(204), want: false }],
      ["an anonymous PUT, AUTH's to judge", { given: answer(401, { method: "PUT", ...anonymous }), want: false }],
    ],
    run: [
      [
        "405 with Allow",
        { given: answer(405, { method: "PUT", headers: { allow: "GET, PATCH, DELETE" } }), want: undefined },
      ],
      ["405 without Allow", { given: answer(405, { method: "PUT" }), want: "405 without an Allow header" }],
      ["404", { given: answer(404, { method: "POST" }), want: "POST on the member URL answered 404, not 405" }],
    ],
  },
];

test("every traffic check has a table here", () => {
  expect(tables.map((t) => t.check.name).sort()).toEqual(trafficChecks.map((c) => c.name).sort());
});

for (const { check, appliesTo, run } of tables) {
  test.describe(`${check.name} (${check.requirement})`, () => {
    for (const [name, { given, want }] of appliesTo) {
      test(`${want ? "looks at" : "leaves alone"} ${name}`, () => {
        expect(check.appliesTo(given)).toBe(want);
      });
    }
    for (const [name, { given, want }] of run) {
      test(`${want === undefined ? "passes" : "fails"} ${name}`, () => {
        expect(check.appliesTo(given)).toBe(true);
        const found = check.run(given);
        expect(found?.summary).toBe(want);
        expect(found && problemText(found, given)).toBe(want === undefined ? undefined : `${want}: ${quoted(given)}`);
      });
    }
  });
}
