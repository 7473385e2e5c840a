import { gzipSync } from "node:zlib";
import { expect, test } from "@playwright/test";
import { maxAnswerBodyBytes } from "../../src/client/read-capped";
import { BodyTap, captureExchange, type Seen } from "../../src/proxy/exchange-capture";

// What the proxy keeps of one exchange for the checks: the answer redacted as received, the request without its
// credential, and at most the read cap of the body.

const url = "https://target.test/accesscontrol/itwins/a/members/groups/b";

function seen(over: Partial<Seen> & { text?: string | Buffer } = {}): Seen {
  const { text = "", ...rest } = over;
  const body = new BodyTap();
  body.push(Buffer.from(text));
  return {
    operationId: "removeItwinGroupMember",
    method: "DELETE",
    url,
    requestHeaders: {},
    status: 404,
    responseHeaders: { "content-type": "application/json" },
    body,
    startedAtMs: Date.now(),
    ...rest,
  };
}

test("an answer that quotes the request's credential is redacted, and says it held one", () => {
  const credential = "opaque-credential-8c2e1f";
  const exchange = captureExchange(
    seen({
      requestHeaders: { authorization: `Bearer ${credential}`, cookie: "session=s3cr3t-cookie" },
      responseHeaders: { "content-type": "application/json", "x-echo": credential },
      text: `{"error":{"code":"InvalidToken","message":"got ${credential}"}}`,
    }),
  );
  expect(exchange.text).toBe('{"error":{"code":"InvalidToken","message":"got [REDACTED]"}}');
  expect(exchange.headers["x-echo"]).toBe("[REDACTED]");
  expect(exchange.echoedSecret).toBe(true);
  expect(exchange.credential).toEqual({ scheme: "Bearer", hasCredential: true });
  // Neither the credential nor a header the proxy cannot tell from one is kept for a replay.
  expect(exchange.request?.headers).toEqual({});
  expect(exchange.request?.authorization).toEqual({ prefix: "Bearer ", variable: "TOKEN" });
});

test("an answer without a credential in it is kept as it came", () => {
  const exchange = captureExchange(seen({ requestHeaders: { accept: "application/json" }, text: '{"a":1}' }));
  expect(exchange).toMatchObject({ text: '{"a":1}', echoedSecret: false, credential: null });
  expect(exchange.request?.headers).toEqual({ accept: "application/json" });
  expect(exchange.bodyCutAt).toBeUndefined();
});

test("a gzip answer is judged on its decompressed text", () => {
  const exchange = captureExchange(
    seen({ responseHeaders: { "content-encoding": "gzip" }, text: gzipSync('{"error":{}}') }),
  );
  expect(exchange.text).toBe('{"error":{}}');
});

test("a body past the cap is kept up to it, and marked as cut there", () => {
  const body = new BodyTap();
  body.push(Buffer.alloc(maxAnswerBodyBytes - 10, "a"));
  body.push(Buffer.alloc(100, "b"));
  const exchange = captureExchange({ ...seen(), body });
  expect(exchange.bodyCutAt).toBe(maxAnswerBodyBytes);
  expect(exchange.text).toBe("a".repeat(maxAnswerBodyBytes - 10) + "b".repeat(10));
});
