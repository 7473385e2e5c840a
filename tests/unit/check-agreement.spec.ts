import { expect, test } from "@playwright/test";
import type { RequirementId } from "../../generated/requirements";
import { loadRequirementCatalog } from "../../src/catalog/requirements";
import {
  findingMessage,
  readFindingMessage,
  runChecks,
  runChecksOver,
  type CheckOutcome,
} from "../../src/checks/check";
import { createObserver, type FindingSink } from "../../src/checks/observer";
import { responseChecks } from "../../src/checks/response-checks";
import type { Exchange } from "../../src/client/exchange";
import { credentialFacts } from "../../src/proxy/credential";
import type { ProxyExchange } from "../../src/proxy/exchange-capture";
import { ProxyObserver } from "../../src/proxy/proxy-observer";
import { proxyChecks } from "../../src/proxy/traffic-checks";
import { base, itwinId, removalAnswer } from "../support/exchanges";

// One table of exchanges, each with what the checks must say about it, run through the runner itself, the
// suite's response observer and the proxy's observer: the three must agree, requirement by requirement and
// word for word, so a check judges alike wherever it runs.

type Said = "held" | "failed";
type Judged = Partial<Record<RequirementId, Said>>;

interface Case {
  /** What the response checks say: the suite's observer and the proxy both judge these. */
  want: Judged;
  /** What the traffic checks say besides: the proxy alone judges these (the suite's own tests provoke them). */
  proxyAlso: Judged;
}

const catalog = loadRequirementCatalog();
const bearer = "Bearer opaque-token-value";
const errorBody = (code: string, message = "m") => JSON.stringify({ error: { code, message } });
const answer = (status: number, over: Partial<ProxyExchange> = {}): ProxyExchange => ({
  ...removalAnswer(status),
  credential: credentialFacts(bearer),
  ...over,
});
const jsonError = (status: number, code: string, over: Partial<ProxyExchange> = {}) =>
  answer(status, { headers: { "content-type": "application/json" }, text: errorBody(code), ...over });

/** Every response check that holds on a plain answer of the operation: what most rows share. */
const documentedAndClean: Judged = { "DOCUMENTED-STATUS": "held", "LEAK-TOKEN-ECHO": "held" };
const jsonErrorHeld: Judged = { ...documentedAndClean, "ERROR-JSON": "held", "ERROR-SCHEMA": "held" };

const cases: [string, ProxyExchange, Case][] = [
  [
    "a bare 204",
    answer(204),
    {
      want: { ...documentedAndClean, "REMOVE-NO-BODY": "held", "REMOVE-NO-CONTENT-LENGTH": "held" },
      proxyAlso: { "REMOVE-204": "held" },
    },
  ],
  [
    "a 204 with a body and its length",
    answer(204, { headers: { "content-length": "2" }, text: "{}" }),
    {
      want: { ...documentedAndClean, "REMOVE-NO-BODY": "failed", "REMOVE-NO-CONTENT-LENGTH": "failed" },
      proxyAlso: { "REMOVE-204": "held" },
    },
  ],
  [
    "a 200",
    answer(200),
    { want: { "DOCUMENTED-STATUS": "failed", "LEAK-TOKEN-ECHO": "held" }, proxyAlso: { "REMOVE-204": "failed" } },
  ],
  ["a JSON 404", jsonError(404, "GroupNotFound"), { want: jsonErrorHeld, proxyAlso: {} }],
  [
    "an HTML 404",
    answer(404, { headers: { "content-type": "text/html" }, text: "<h1>gone</h1>" }),
    { want: { ...documentedAndClean, "ERROR-JSON": "failed", "ERROR-SCHEMA": "failed" }, proxyAlso: {} },
  ],
  [
    "a JSON 500",
    jsonError(500, "InternalServerError"),
    { want: { ...jsonErrorHeld, "DOCUMENTED-STATUS": "failed" }, proxyAlso: {} },
  ],
  [
    "a 429 without its headers",
    jsonError(429, "RateLimitExceeded"),
    { want: { ...jsonErrorHeld, "RATE-LIMIT-RETRY-AFTER": "failed", "RATE-LIMIT-HEADERS": "failed" }, proxyAlso: {} },
  ],
  [
    "an anonymous 401 offering Basic only",
    jsonError(401, "HeaderNotFound", {
      headers: { "content-type": "application/json", "www-authenticate": 'Basic realm="x"' },
      credential: null,
    }),
    {
      want: { ...jsonErrorHeld, "AUTH-WWW-AUTHENTICATE": "failed" },
      proxyAlso: { "AUTH-MISSING-HEADER": "held", "AUTH-BEFORE-EXISTENCE": "held" },
    },
  ],
  [
    "a 404 that echoed a credential",
    jsonError(404, "GroupNotFound", { text: errorBody("GroupNotFound", "[REDACTED]"), echoedSecret: true }),
    { want: { ...jsonErrorHeld, "LEAK-TOKEN-ECHO": "failed" }, proxyAlso: {} },
  ],
  [
    "a 400 to a group id that is not a GUID, DOCUMENTED-STATUS passing over it",
    jsonError(400, "InvalidRequest", { url: `${base}/itwins/${itwinId}/members/groups/x` }),
    {
      want: { "ERROR-JSON": "held", "ERROR-SCHEMA": "held", "LEAK-TOKEN-ECHO": "held" },
      proxyAlso: { "MALFORMED-ID": "held" },
    },
  ],
  [
    "another method on the URL, judged by METHOD-NOT-ALLOWED alone",
    answer(404, { method: "PUT", text: "nope" }),
    { want: {}, proxyAlso: { "METHOD-NOT-ALLOWED": "failed" } },
  ],
];

/** What was said per requirement, and the finding texts of the failures, as one observer records them. */
interface Heard {
  judged: Judged;
  messages: Partial<Record<RequirementId, string[]>>;
}

function fromOutcomes(outcomes: CheckOutcome[]): Heard {
  const heard: Heard = { judged: {}, messages: {} };
  for (const outcome of outcomes) {
    const id = outcome.requirement;
    if (outcome.held) heard.judged[id] ??= "held";
    else {
      heard.judged[id] = "failed";
      (heard.messages[id] ??= []).push(findingMessage(outcome));
    }
  }
  return heard;
}

function throughSuiteObserver(exchanges: Exchange[]): Heard {
  const heard: Heard = { judged: {}, messages: {} };
  const sink: FindingSink = {
    seen: () => undefined,
    held: (id) => void (heard.judged[id] ??= "held"),
    violation(id, message) {
      heard.judged[id] = "failed";
      (heard.messages[id] ??= []).push(message);
    },
  };
  const observe = createObserver(sink);
  for (const exchange of exchanges) observe(exchange);
  return heard;
}

function throughProxyObserver(exchanges: ProxyExchange[]): Heard {
  const observer = new ProxyObserver(catalog, base);
  for (const exchange of exchanges) observer.underTest(exchange, new URL(exchange.url).pathname);
  const heard: Heard = { judged: {}, messages: {} };
  for (const id of observer.held) heard.judged[id as RequirementId] = "held";
  for (const [id, { messages }] of observer.violations) {
    heard.judged[id as RequirementId] = "failed";
    heard.messages[id as RequirementId] = messages;
  }
  return heard;
}

const sharedIds = new Set<string>(responseChecks.map((c) => c.requirement));
const only = (heard: Heard, keep: (id: string) => boolean): Heard => ({
  judged: Object.fromEntries(Object.entries(heard.judged).filter(([id]) => keep(id))),
  messages: Object.fromEntries(Object.entries(heard.messages).filter(([id]) => keep(id))),
});

test("the table speaks only of what the response checks judge under want", () => {
  for (const [, , { want, proxyAlso }] of cases) {
    for (const id of Object.keys(want)) expect(sharedIds.has(id), id).toBe(true);
    for (const id of Object.keys(proxyAlso)) expect(sharedIds.has(id), id).toBe(false);
  }
});

for (const [title, exchange, { want, proxyAlso }] of cases) {
  test.describe(title, () => {
    const byRunner = fromOutcomes(runChecks(responseChecks, exchange));
    const bySuite = throughSuiteObserver([exchange]);
    const byProxy = throughProxyObserver([exchange]);

    test("the runner says what the table wants", () => {
      expect(byRunner.judged).toEqual(want);
    });

    test("the suite's observer agrees with the runner, finding for finding", () => {
      expect(bySuite).toEqual(byRunner);
    });

    test("the proxy agrees on the response checks, finding for finding, and judges its traffic checks besides", () => {
      expect(only(byProxy, (id) => sharedIds.has(id))).toEqual(byRunner);
      expect(only(byProxy, (id) => !sharedIds.has(id)).judged).toEqual(proxyAlso);
    });
  });
}

test("over the whole table as one sequence, the runner, the suite's observer and the proxy agree", () => {
  const exchanges = cases.map(([, exchange]) => exchange);
  const byRunner = fromOutcomes(runChecksOver(responseChecks, exchanges));
  expect(Object.values(byRunner.judged)).toContain("failed");
  expect(throughSuiteObserver(exchanges)).toEqual(byRunner);
  expect(only(throughProxyObserver(exchanges), (id) => sharedIds.has(id))).toEqual(byRunner);
});

test("the reports read a finding's check and summary back from its text, as the runner wrote them", () => {
  const failures = runChecksOver(
    proxyChecks,
    cases.map(([, exchange]) => exchange),
  ).filter((o) => !o.held);
  expect(failures.some((f) => f.quotesExchange) && failures.some((f) => !f.quotesExchange)).toBe(true);
  for (const failure of failures) {
    const read = readFindingMessage(findingMessage(failure));
    expect(read, failure.summary).toEqual(
      failure.quotesExchange ? { check: failure.check, summary: failure.summary } : undefined,
    );
  }
});
