import { TargetUnavailableError } from "../../src/core/errors";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ApiClient } from "../../src/client/api-client";
import type { Exchange } from "../../src/client/exchange";
import type { RequestGate } from "../../src/client/request-gate";

// The client's 429 handling and time-outs, against a scripted loopback server.

type Scripted = { status: number; headers?: Record<string, string>; hang?: boolean };

async function scriptedServer(script: Scripted[]): Promise<{ server: Server; baseUrl: string; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    const step = script[Math.min(hits, script.length - 1)]!;
    hits += 1;
    req.resume();
    if (step.hang) return;
    res.writeHead(step.status, { "Content-Type": "application/json", ...step.headers });
    res.end(step.status === 204 ? undefined : JSON.stringify({ error: { code: "X", message: "m" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

const limited = (retryAfter?: string): Scripted => ({
  status: 429,
  headers: retryAfter === undefined ? {} : { "Retry-After": retryAfter },
});

const cases: [
  string,
  { script: Scripted[]; honour?: boolean; want: { status: number; hits: number; waits: number[] } },
][] = [
  [
    "a 429 is waited out and retried",
    { script: [limited("2"), { status: 204 }], want: { status: 204, hits: 2, waits: [2000] } },
  ],
  [
    "retries stop after the bound",
    { script: [limited("1")], want: { status: 429, hits: 4, waits: [1000, 1000, 1000] } },
  ],
  [
    "a Retry-After longer than the wait bound is not waited out",
    { script: [limited("120")], want: { status: 429, hits: 1, waits: [] } },
  ],
  [
    "an unusable Retry-After backs off one second",
    { script: [limited("soon"), { status: 204 }], want: { status: 204, hits: 2, waits: [1000] } },
  ],
  [
    "Retry-After: 0 still waits a second",
    { script: [limited("0"), { status: 204 }], want: { status: 204, hits: 2, waits: [1000] } },
  ],
  [
    "the rate-limit probe gets the 429 as it is",
    { script: [limited("1"), { status: 204 }], honour: false, want: { status: 429, hits: 1, waits: [] } },
  ],
];

for (const [title, { script, honour, want }] of cases) {
  test(`client: ${title}`, async () => {
    const { server, baseUrl, hits } = await scriptedServer(script);
    const waits: number[] = [];
    const seen: Exchange[] = [];
    try {
      const client = new ApiClient({
        baseUrl,
        token: "t0k3n-for-tests",
        timeoutMs: 2000,
        retry: { maxRetries: 3, maxWaitSeconds: 60 },
        observe: (e) => seen.push(e),
        sleep: async (ms) => void waits.push(ms),
      });
      const exchange = await client.send("removeItwinGroupMember", {
        params: { id: "i", groupId: "g" },
        honourRateLimit: honour,
      });
      expect(exchange.status).toBe(want.status);
      expect(hits()).toBe(want.hits);
      expect(waits).toEqual(want.waits);
      expect(seen, "the observer sees every response, retried 429s included").toHaveLength(want.hits);
    } finally {
      server.close();
    }
  });
}

test("client: a target that does not answer fails with the request and the time waited", async () => {
  const { server, baseUrl } = await scriptedServer([{ status: 204, hang: true }]);
  try {
    const client = new ApiClient({
      baseUrl,
      token: "t0k3n-for-tests",
      timeoutMs: 300,
      retry: { maxRetries: 0, maxWaitSeconds: 1 },
    });
    const failure = await client
      .send("removeItwinGroupMember", { params: { id: "i", groupId: "g" } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TargetUnavailableError);
    expect((failure as Error).message).toBe(
      `DELETE ${baseUrl}/itwins/i/members/groups/g got no response within 300 ms`,
    );
    expect((failure as Error).message).not.toContain("t0k3n-for-tests");
  } finally {
    server.closeAllConnections();
    server.close();
  }
});

test("client: path parameters are percent-encoded unless sent raw", () => {
  const client = new ApiClient({
    baseUrl: "http://127.0.0.1:9",
    token: "t",
    timeoutMs: 100,
    retry: { maxRetries: 0, maxWaitSeconds: 1 },
  });
  expect(client.url("removeItwinGroupMember", { id: "a/b", groupId: "../x" })).toBe(
    "http://127.0.0.1:9/itwins/a%2Fb/members/groups/..%2Fx",
  );
  expect(client.url("removeItwinGroupMember", { id: "a", groupId: "%2e%2e" }, true)).toBe(
    "http://127.0.0.1:9/itwins/a/members/groups/%2e%2e",
  );
});

// What reaches the target: fetch resolves dot segments and adds an Accept; such a request goes as written instead,
// its other characters encoded as fetch would.
for (const [title, groupId, accept, want] of [
  ["a dot segment", "./g", "application/json", "/itwins/i/members/groups/./g"],
  ["a dot-dot segment", "b/../g", "application/json", "/itwins/i/members/groups/b/../g"],
  ["dot segments in a row, and a space", "./../ g", "application/json", "/itwins/i/members/groups/./../%20g"],
  ["no Accept, and a space", " g", null, "/itwins/i/members/groups/%20g"],
  ["neither (sent by fetch)", "g", "application/json", "/itwins/i/members/groups/g"],
] as const) {
  test(`client: a request with ${title} reaches the target as written`, async () => {
    const seen: { url?: string; accept?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({ url: req.url, accept: req.headers.accept });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const client = new ApiClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        token: "t",
        timeoutMs: 2000,
        retry: { maxRetries: 0, maxWaitSeconds: 1 },
      });
      const exchange = await client.send("removeItwinGroupMember", {
        params: { id: "i", groupId },
        raw: true,
        headers: { Accept: accept },
      });
      expect([exchange.status, seen]).toEqual([204, [{ url: want, accept: accept ?? undefined }]]);
    } finally {
      server.close();
    }
  });
}

test("client: each request takes a turn at the gate, as a check or as the probe, and ends it with its answer", async () => {
  const { server, baseUrl } = await scriptedServer([limited("3"), { status: 204 }]);
  const turns: string[] = [];
  const gate: RequestGate = {
    pass: async (kind) => {
      turns.push(`pass ${kind}`);
      return (answer) => turns.push(`end ${answer?.status} ${answer?.retryAfterSeconds}`);
    },
  };
  try {
    const api = new ApiClient({
      baseUrl,
      token: "t",
      timeoutMs: 2000,
      retry: { maxRetries: 1, maxWaitSeconds: 60 },
      sleep: async () => {},
      gate,
    });
    await api.send("removeItwinGroupMember", { params: { id: "i", groupId: "g" } });
    await api.send("removeItwinGroupMember", { params: { id: "i", groupId: "g" }, honourRateLimit: false });
    expect(turns).toEqual([
      "pass check",
      "end 429 3",
      "pass check",
      "end 204 undefined",
      "pass probe",
      "end 204 undefined",
    ]);
  } finally {
    server.close();
  }
});
