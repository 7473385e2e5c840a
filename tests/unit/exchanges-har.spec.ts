import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Ajv from "ajv";
import { expect, test } from "@playwright/test";
import type { Exchange } from "../../src/client/exchange";
import { registerSecret } from "../../src/core/secrets";
import { harBodyCap, harEntry, type HarEntry } from "../../src/reporting/har/har";
import { assembleHar, exchangeLogDir } from "../../src/reporting/har/har-file";
import { clearPreviousVerdict } from "../../src/reporting/report-dir";
import { exchangeLog } from "../../src/suite/exchange-log";

// reports/exchanges.har: every exchange of a run, in HAR 1.2 as devtools and
// HAR viewers read it, in start order, redacted, bodies capped.

const nameValue = {
  type: "array",
  items: {
    type: "object",
    required: ["name", "value"],
    properties: { name: { type: "string" }, value: { type: "string" } },
  },
};
const nonNegative = { type: "number", minimum: 0 };
/** The parts of HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) that are required, and our own fields. */
const harSchema = {
  type: "object",
  required: ["log"],
  properties: {
    log: {
      type: "object",
      required: ["version", "creator", "entries"],
      properties: {
        version: { const: "1.2" },
        creator: {
          type: "object",
          required: ["name", "version"],
          properties: { name: { type: "string" }, version: { type: "string" } },
        },
        entries: {
          type: "array",
          items: {
            type: "object",
            required: ["startedDateTime", "time", "request", "response", "cache", "timings", "_requirements"],
            properties: {
              startedDateTime: { type: "string", pattern: "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$" },
              time: nonNegative,
              request: {
                type: "object",
                required: [
                  "method",
                  "url",
                  "httpVersion",
                  "headers",
                  "queryString",
                  "cookies",
                  "headersSize",
                  "bodySize",
                ],
                properties: {
                  method: { type: "string" },
                  url: { type: "string" },
                  httpVersion: { type: "string" },
                  headers: nameValue,
                  queryString: nameValue,
                  cookies: { type: "array" },
                  headersSize: { type: "integer" },
                  bodySize: { type: "integer" },
                  postData: {
                    type: "object",
                    required: ["mimeType", "text"],
                    properties: { mimeType: { type: "string" }, text: { type: "string" } },
                  },
                },
              },
              response: {
                type: "object",
                required: [
                  "status",
                  "statusText",
                  "httpVersion",
                  "headers",
                  "cookies",
                  "content",
                  "redirectURL",
                  "headersSize",
                  "bodySize",
                ],
                properties: {
                  status: { type: "integer" },
                  statusText: { type: "string" },
                  httpVersion: { type: "string" },
                  headers: nameValue,
                  cookies: { type: "array" },
                  content: {
                    type: "object",
                    required: ["size", "mimeType"],
                    properties: { size: { type: "integer" }, mimeType: { type: "string" }, text: { type: "string" } },
                  },
                  redirectURL: { type: "string" },
                  headersSize: { type: "integer" },
                  bodySize: { type: "integer" },
                },
              },
              cache: { type: "object" },
              timings: {
                type: "object",
                required: ["send", "wait", "receive"],
                properties: { send: nonNegative, wait: nonNegative, receive: nonNegative },
              },
              _test: { type: "string" },
              _requirements: { type: "array", items: { type: "string" } },
              comment: { type: "string" },
            },
          },
        },
      },
    },
  },
};
const validHar = new Ajv({ allErrors: true }).compile(harSchema);

const secret = "har-canary-secret-0123456789";
registerSecret(secret);
const base = "http://127.0.0.1:4000/accesscontrol";

const exchange = (startedAtMs: number, over: Partial<Exchange> = {}): Exchange => ({
  operationId: "removeItwinGroupMember",
  method: "DELETE",
  url: `${base}/itwins/i/members/groups/g`,
  status: 404,
  headers: { "content-type": "application/json" },
  text: `{"error":{"code":"GroupNotFound","message":"not ${secret}"}}`,
  request: {
    headers: { Accept: "application/json" },
    authorization: { prefix: "Bearer ", variable: "CONFORMANCE_TOKEN" },
    startedAtMs,
    durationMs: 3.5,
  },
  ...over,
});

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "har-"));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (entry: HarEntry) => `${JSON.stringify(entry)}\n`;
const context = (test: string) => ({ test, requirements: ["REMOVE-204"] });

function readHar(): { log: { entries: HarEntry[] } } {
  return JSON.parse(readFileSync(path.join(dir, "exchanges.har"), "utf8")) as { log: { entries: HarEntry[] } };
}

test("the workers' logs become one valid HAR 1.2, in start order, and the logs go", () => {
  const logs = exchangeLogDir(dir);
  mkdirSync(logs);
  const t0 = Date.parse("2026-01-01T00:00:00.000Z");
  writeFileSync(
    path.join(logs, "0-1.jsonl"),
    line(harEntry(exchange(t0 + 30), context("c"))) + line(harEntry(exchange(t0 + 10), context("a"))),
  );
  writeFileSync(
    path.join(logs, "1-2.jsonl"),
    // A worker killed mid-line leaves half an entry: it is no entry.
    line(harEntry(exchange(t0 + 20), context("b"))) + line(harEntry(exchange(t0 + 5), context("x"))).slice(0, 50),
  );
  expect(assembleHar(dir, { name: "suite", version: "1.0.0" })).toBe(3);
  const har = readHar();
  expect(validHar(har), JSON.stringify(validHar.errors)).toBe(true);
  expect(har.log.entries.map((e) => e._test)).toEqual(["a", "b", "c"]);
  expect(har.log.entries[0]!.startedDateTime).toBe("2026-01-01T00:00:00.010Z");
  expect(existsSync(logs)).toBe(false);
});

test("logs larger than the index's read chunk are read whole, entries across chunk bounds too", () => {
  const logs = exchangeLogDir(dir);
  mkdirSync(logs);
  // 40 entries of 64 KiB bodies: about 2.6 MB, read in 1 MiB chunks.
  const entries = Array.from({ length: 40 }, (_, i) =>
    line(harEntry(exchange(40 - i, { text: String(i % 10).repeat(harBodyCap) }), context(`t${i}`))),
  );
  writeFileSync(path.join(logs, "0-1.jsonl"), entries.join(""));
  expect(assembleHar(dir, { name: "suite", version: "1.0.0" })).toBe(40);
  const har = readHar();
  expect(validHar(har), JSON.stringify(validHar.errors)).toBe(true);
  expect(har.log.entries.map((e) => e._test)).toEqual(Array.from({ length: 40 }, (_, i) => `t${39 - i}`));
});

test("an entry names where the credential came from and hides every secret", () => {
  const entry = harEntry(
    exchange(0, {
      headers: { "content-type": "application/json", "x-echo": `Bearer ${secret}` },
      request: {
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        authorization: { prefix: "Bearer ", variable: "CONFORMANCE_TOKEN" },
        body: `{"name":"${secret}"}`,
        startedAtMs: 0,
        durationMs: 2,
      },
    }),
    context("t"),
  );
  expect(JSON.stringify(entry)).not.toContain(secret);
  expect(entry.request.headers).toContainEqual({ name: "Authorization", value: "Bearer $CONFORMANCE_TOKEN" });
  expect(entry.request.postData).toEqual({ mimeType: "application/json", text: '{"name":"[REDACTED]"}' });
  expect(entry.response.headers).toContainEqual({ name: "x-echo", value: "Bearer [REDACTED]" });
  expect(entry._requirements).toEqual(["REMOVE-204"]);
});

const cuts: [string, { over: Partial<Exchange>; comment?: string; cut?: HarEntry["_cut"]; kept: number }][] = [
  ["a body within the cap is whole", { over: { text: "x".repeat(harBodyCap) }, kept: harBodyCap }],
  [
    "a body over the cap is cut, and the entry says so",
    {
      over: { text: "x".repeat(harBodyCap + 10) },
      comment: `response body cut at ${harBodyCap} of ${harBodyCap + 10} bytes`,
      cut: { response: harBodyCap + 10 },
      kept: harBodyCap,
    },
  ],
  [
    "a body the client cut as it read it says so",
    {
      over: { text: "y".repeat(100), bodyCutAt: 100 },
      comment: "response body cut at 100 bytes as received (the client's read cap); 100 bytes kept",
      cut: { response: 100 },
      kept: 100,
    },
  ],
];

for (const [title, { over, comment, cut, kept }] of cuts) {
  test(`cap: ${title}`, () => {
    const entry = harEntry(exchange(0, over), context("t"));
    expect(entry.response.content.text).toHaveLength(kept);
    expect(entry.comment).toBe(comment);
    expect(entry._cut).toEqual(cut);
  });
}

test("a worker logs each exchange as one line, tagged with its test; nothing without the reporter", () => {
  const logs = exchangeLogDir(dir);
  expect(exchangeLog({})).toBeUndefined();
  const log = exchangeLog({ SUITE_EXCHANGE_LOG_DIR: logs, TEST_WORKER_INDEX: "3" })!;
  log(exchange(1));
  log(exchange(2));
  const text = readFileSync(path.join(logs, `3-${process.pid}.jsonl`), "utf8");
  const entries = text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as HarEntry);
  // This unit test is a Playwright test: the log names it.
  expect(entries.map((e) => e._test)).toEqual([test.info().title, test.info().title]);
});

test("a run starts without the previous run's exchanges", () => {
  writeFileSync(path.join(dir, "exchanges.har"), "{}");
  mkdirSync(exchangeLogDir(dir));
  writeFileSync(path.join(exchangeLogDir(dir), "0-1.jsonl"), "{}\n");
  clearPreviousVerdict(dir);
  expect(existsSync(path.join(dir, "exchanges.har"))).toBe(false);
  expect(existsSync(exchangeLogDir(dir))).toBe(false);
});
