import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { longestChain, startRemoteProxy, type Interval, type RemoteProxy } from "../../bench/remote-proxy";

// The proxy of npm run bench:remote: its statistics and its rate limit, against a loopback target that answers 204
// to the API (404 to /missing) and 200 to the token endpoint.

const chains: [string, { intervals: [number, number][]; want: number }][] = [
  ["no requests", { intervals: [], want: 0 }],
  ["one request", { intervals: [[0, 5]], want: 1 }],
  [
    "requests one after another",
    {
      intervals: [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
      want: 3,
    },
  ],
  [
    "requests all at once",
    {
      intervals: [
        [0, 10],
        [1, 9],
        [2, 8],
      ],
      want: 1,
    },
  ],
  [
    "a long request beside a chain of short ones",
    {
      intervals: [
        [0, 100],
        [0, 10],
        [20, 30],
        [40, 50],
        [60, 70],
      ],
      want: 4,
    },
  ],
  [
    "out of order, with overlaps",
    {
      intervals: [
        [50, 60],
        [5, 25],
        [0, 10],
        [12, 20],
        [22, 55],
      ],
      want: 3,
    },
  ],
];

for (const [title, { intervals, want }] of chains) {
  test(`longest chain: ${title}`, () => {
    expect(longestChain(intervals.map(([start, end]): Interval => ({ start, end })))).toBe(want);
  });
}

let target: Server;
let targetOrigin: string;
let proxy: RemoteProxy | undefined;

test.beforeAll(async () => {
  target = createServer((req, res) => {
    req.resume();
    const json = { "content-type": "application/json" };
    if (req.url?.endsWith("/connect/token")) res.writeHead(200, json).end("{}");
    else if (req.url?.endsWith("/missing")) res.writeHead(404, json).end('{"error":{"code":"NotFound","message":"m"}}');
    else res.writeHead(204).end();
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  targetOrigin = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
test.afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});
test.afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

// A client may read an answer a moment before the proxy sees its connection's write end: wait for that, boundedly.
async function settled(): Promise<void> {
  for (let i = 0; i < 100 && proxy!.stats.inFlight > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const call = (path: string, token = "a") =>
  fetch(`${proxy!.origin}${path}`, { method: "DELETE", headers: { authorization: `Bearer ${token}` } });

test("requests sent together are counted in flight together, and make a chain of one", async () => {
  proxy = await startRemoteProxy({ target: targetOrigin, delayMs: 100 });
  const statuses = await Promise.all([1, 2, 3].map(() => call("/api/x").then((r) => r.status)));
  expect(statuses).toEqual([204, 204, 204]);
  await settled();
  expect(proxy.stats).toMatchObject({ received: 3, forwarded: 3, maxInFlight: 3, inFlight: 0 });
  expect(proxy.longestChain()).toBe(1);
});

test("requests sent one after another are in flight one at a time, and each holds the delay", async () => {
  proxy = await startRemoteProxy({ target: targetOrigin, delayMs: 50 });
  for (let i = 0; i < 3; i++) await call("/api/x");
  await settled();
  expect(proxy.stats.maxInFlight).toBe(1);
  expect(proxy.longestChain()).toBe(3);
  for (const { start, end } of proxy.stats.log) expect(end - start).toBeGreaterThanOrEqual(49);
});

test("past the limit a token gets the proxy's 429 with Retry-After; other tokens and the token endpoint do not", async () => {
  proxy = await startRemoteProxy({ target: targetOrigin, rateLimit: { limit: 2, windowSeconds: 10 } });
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await call("/api/x")).status);
  expect(statuses).toEqual([204, 204, 429]);
  const limited = await call("/api/x");
  expect(limited.status).toBe(429);
  expect(limited.headers.get("retry-after")).toMatch(/^([1-9]|10)$/);
  expect(limited.headers.get("content-type")).toBe("application/json");
  expect(await limited.json()).toMatchObject({ error: { code: "RateLimitExceeded" } });
  expect((await call("/api/x", "b")).status).toBe(204);
  expect((await call("/connect/token")).status).toBe(200);
  expect(proxy.stats).toMatchObject({ received: 6, forwarded: 4, proxy429: 2, target429: 0, tokenRequests: 1 });
});

test("with huge bodies an answer keeps its status but carries exactly that many bytes; a 204 stays empty", async () => {
  const hugeBodyBytes = 200_000;
  proxy = await startRemoteProxy({ target: targetOrigin, hugeBodyBytes });
  const missing = await call("/api/missing");
  expect(missing.status).toBe(404);
  expect(missing.headers.get("content-length")).toBeNull();
  const text = await missing.text();
  expect(text.length).toBe(hugeBodyBytes);
  expect(JSON.parse(text)).toMatchObject({ error: { code: "x" } });
  expect(await (await call("/api/x")).text()).toBe("");
  expect(await (await call("/connect/token")).text()).toBe("{}");
});
