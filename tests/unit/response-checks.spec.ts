import { expect, test } from "@playwright/test";
import type { Exchange } from "../../src/client/exchange";
import {
  bearerChallengeOn401,
  documentedStatus,
  noEchoedCredential,
  type ResponseCheck,
} from "../../src/checks/response-checks";

const url =
  "https://target.test/accesscontrol/itwins/4caed38b-9823-453f-8290-e9dd2b591174/members/groups/0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";
const answer = (status: number, over: Partial<Exchange> = {}): Exchange => ({
  operationId: "removeItwinGroupMember",
  method: "DELETE",
  url,
  status,
  headers: { "content-type": "application/json" },
  text: "",
  ...over,
});
const error = (code: string) => JSON.stringify({ error: { code, message: "m" } });

const cases: [string, { check: ResponseCheck; given: Exchange; want: RegExp | undefined }][] = [
  [
    "documented status: 404",
    { check: documentedStatus, given: answer(404, { text: error("ItwinNotFound") }), want: undefined },
  ],
  [
    "documented status: 403 InsufficientPermissions, as the API's other writes answer",
    { check: documentedStatus, given: answer(403, { text: error("InsufficientPermissions") }), want: undefined },
  ],
  [
    "documented status: 403 with another code",
    {
      check: documentedStatus,
      given: answer(403, { text: error("HeaderNotFound") }),
      want: /status 403 is not documented/,
    },
  ],
  [
    "documented status: 500",
    {
      check: documentedStatus,
      given: answer(500, { text: error("InternalServerError") }),
      want: /status 500 is not documented/,
    },
  ],
  [
    "echoed credential: none",
    { check: noEchoedCredential, given: answer(404, { text: error("ItwinNotFound") }), want: undefined },
  ],
  [
    "echoed credential: the answer held one",
    {
      check: noEchoedCredential,
      given: answer(404, { text: error("ItwinNotFound [REDACTED]"), echoedSecret: true }),
      want: /quotes a credential \(redacted here\)/,
    },
  ],
  [
    "401 challenge: Bearer",
    {
      check: bearerChallengeOn401,
      given: answer(401, { headers: { "www-authenticate": 'Bearer realm="itwin-platform"' } }),
      want: undefined,
    },
  ],
  [
    "401 challenge: Bearer among others",
    {
      check: bearerChallengeOn401,
      given: answer(401, { headers: { "www-authenticate": 'Basic realm="x", Bearer' } }),
      want: undefined,
    },
  ],
  ["401 challenge: missing", { check: bearerChallengeOn401, given: answer(401), want: /401 without WWW-Authenticate/ }],
  [
    "401 challenge: another scheme only",
    {
      check: bearerChallengeOn401,
      given: answer(401, { headers: { "www-authenticate": 'Basic realm="x"' } }),
      want: /offers no Bearer challenge/,
    },
  ],
  [
    "401 challenge: a scheme that only starts like Bearer",
    {
      check: bearerChallengeOn401,
      given: answer(401, { headers: { "www-authenticate": "Bearerish" } }),
      want: /offers no Bearer challenge/,
    },
  ],
];

for (const [title, { check, given, want }] of cases) {
  test(`response check ${title}`, () => {
    const problem = check.run(given);
    if (want === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(want);
  });
}
