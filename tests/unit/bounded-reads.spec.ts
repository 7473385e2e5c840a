import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from "node:net";
import { expect, test } from "@playwright/test";
import { ApiClient } from "../../src/client/api-client";
import { obtainToken } from "../../src/auth/obtain-token";
import { ConfigError, TargetUnavailableError } from "../../src/core/errors";
import { describeExchange, type Exchange } from "../../src/client/exchange";
import { maxAnswerBodyBytes, readCapped } from "../../src/client/read-capped";
import { sendOverWire } from "../../src/client/wire";
import { evidenceOf } from "../../src/verdict/evidence";
import { problemText } from "../../src/checks/check";
import { provisioningContractProblem } from "../../src/checks/provisioning-contract";

// Every answer is read up to maxAnswerBodyBytes, and no further: a target answering with an endless body costs the
// run neither its memory nor a time-out.

const cap = maxAnswerBodyBytes;
const mib = 1024 * 1024;

/** A body of `chunks`, each a string (UTF-8) or bytes; records whether the reader cancelled it. */
function streamedResponse(chunks: (string | number[])[]): { response: Response; cancelled: () => boolean } {
  let cancelled = false;
  const queue = chunks.map((c) => (typeof c === "string" ? new TextEncoder().encode(c) : Uint8Array.from(c)));
  // No read ahead (highWaterMark 0): the stream is pulled only as the reader asks, so it is still open at a cut.
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = queue.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { response: new Response(body), cancelled: () => cancelled };
}

const euro = [0xe2, 0x82, 0xac];
const reads: [string, { chunks: (string | number[])[]; cap: number; want: { text: string; cutAt?: number } }][] = [
  ["a body under the cap", { chunks: ["abc", "de"], cap: 10, want: { text: "abcde" } }],
  ["a body of exactly the cap", { chunks: ["abcde", "fghij"], cap: 10, want: { text: "abcdefghij" } }],
  ["a body one byte over the cap", { chunks: ["abcde", "fghijk"], cap: 10, want: { text: "abcdefghij", cutAt: 10 } }],
  ["a chunk far past the cap", { chunks: ["x".repeat(100)], cap: 10, want: { text: "x".repeat(10), cutAt: 10 } }],
  [
    "a three-byte character split by the cap: dropped, not replaced",
    { chunks: ["abcdefgh", euro], cap: 10, want: { text: "abcdefgh", cutAt: 10 } },
  ],
  [
    "a three-byte character split between chunks, under the cap: whole",
    { chunks: ["ab", euro.slice(0, 1), euro.slice(1)], cap: 10, want: { text: "ab€" } },
  ],
  [
    "a character that ends exactly at the cap: kept",
    { chunks: ["abcdefg", euro, "h"], cap: 10, want: { text: "abcdefg€", cutAt: 10 } },
  ],
  ["no body", { chunks: [], cap: 10, want: { text: "" } }],
];

for (const [title, { chunks, cap: limit, want }] of reads) {
  test(`read cap: ${title}`, async () => {
    const { response, cancelled } = streamedResponse(chunks);
    const read = await readCapped(response, limit);
    expect(read).toEqual(want);
    expect(read.text).not.toContain("\uFFFD");
    expect(cancelled(), "a cut body is cancelled, not read on").toBe(want.cutAt !== undefined);
  });
}

interface Streamed {
  /** Bytes the server wrote before the connection closed or the body ended. */
  written: Promise<number>;
}

/**
 * Answers every request with `status` and a body of `total` bytes, written chunk by chunk as the client takes them
 * (each write waits for the last to drain). Stops at `total` or when the client closes the connection.
 */
function streamBody(res: ServerResponse, status: number, total: number, announced = false): Streamed {
  const chunk = Buffer.alloc(64 * 1024, "x");
  let written = 0;
  const written$ = new Promise<number>((resolve) => res.on("close", () => resolve(written)));
  // Announced: a Content-Length of `total`; else chunked, as a body of unknown length is sent.
  res.writeHead(status, { "Content-Type": "application/json", ...(announced ? { "Content-Length": total } : {}) });
  const pump = () => {
    while (written < total && !res.destroyed) {
      written += chunk.length;
      if (!res.write(chunk)) return void res.once("drain", pump);
    }
    if (written >= total) res.end();
  };
  pump();
  return { written: written$ };
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ baseUrl: string; close: () => void }> {
  const server = createServer((req, res) => {
    req.resume();
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

const client = (baseUrl: string, timeoutMs = 10_000) =>
  new ApiClient({ baseUrl, token: "t0k3n-for-tests", timeoutMs, retry: { maxRetries: 0, maxWaitSeconds: 1 } });
const params = { id: "i", groupId: "g" };

const endless: [string, { total: number; announced: boolean }][] = [
  ["a 404 with a 50 MB body", { total: 50 * 1000 * 1000, announced: true }],
  // Bounded by the test: the server gives up after 100 MB; the client must have gone long before.
  ["a 404 whose body never ends", { total: 100 * mib, announced: false }],
];

for (const [title, { total, announced }] of endless) {
  test(`client: ${title} is cut at the cap, and the connection closed on the rest`, async () => {
    let streamed: Streamed | undefined;
    const { baseUrl, close } = await listen((_req, res) => (streamed = streamBody(res, 404, total, announced)));
    try {
      const started = Date.now();
      // The time-out is far longer than a cut takes: an answer within it is a cut, not a time-out.
      const exchange = await client(baseUrl, 20_000).send("removeItwinGroupMember", { params });
      const took = Date.now() - started;
      expect(exchange.status).toBe(404);
      expect(exchange.bodyCutAt).toBe(cap);
      expect(exchange.text).toBe("x".repeat(cap));
      expect(took, "a cut does not wait for the rest").toBeLessThan(10_000);
      const written = await streamed!.written;
      expect(written, "the server was stopped well before the end of its body").toBeLessThan(total / 2);
    } finally {
      close();
    }
  });
}

test("client: a two-byte character split by the cap does not become U+FFFD", async () => {
  // "x" then "é" (two bytes each): the cap, an even number, falls inside the last "é" that began before it.
  const body = `x${"é".repeat(cap)}`;
  const { baseUrl, close } = await listen((_req, res) => res.writeHead(404).end(body));
  try {
    const exchange = await client(baseUrl).send("removeItwinGroupMember", { params });
    expect(exchange.bodyCutAt).toBe(cap);
    expect(exchange.text).toBe(`x${"é".repeat(cap / 2 - 1)}`);
  } finally {
    close();
  }
});

test("client: a body that stops coming ends with the time-out, saying the body did not finish", async () => {
  const { baseUrl, close } = await listen((_req, res) => {
    res.writeHead(404, { "Content-Type": "application/json" });
    res.write('{"err');
  });
  try {
    const failure = await client(baseUrl, 500)
      .send("removeItwinGroupMember", { params })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TargetUnavailableError);
    expect((failure as Error).message).toBe(
      `DELETE ${baseUrl}/itwins/i/members/groups/g answered 404, but its body did not finish within 500 ms; 5 bytes read`,
    );
  } finally {
    close();
  }
});

test("client: a cut body is still redacted", async () => {
  const echoed = `{"error":{"message":"Bearer t0k3n-for-tests"}}`;
  const { baseUrl, close } = await listen((_req, res) => res.writeHead(404).end(echoed + " ".repeat(2 * cap)));
  try {
    const exchange = await client(baseUrl).send("removeItwinGroupMember", { params });
    expect(exchange.bodyCutAt).toBe(cap);
    expect(exchange.text).not.toContain("t0k3n-for-tests");
    expect(exchange.echoedSecret).toBe(true);
  } finally {
    close();
  }
});

const cutExchange: Exchange = {
  operationId: "removeItwinGroupMember",
  method: "DELETE",
  url: "https://target.test/itwins/i/members/groups/g",
  status: 404,
  headers: { "content-type": "application/json" },
  text: '{"error":',
  bodyCutAt: cap,
};

test("a cut body is described as cut", () => {
  expect(describeExchange(cutExchange)).toBe(
    `DELETE https://target.test/itwins/i/members/groups/g → 404 (content-type: application/json) body cut at ${cap} bytes: {"error":`,
  );
  expect(evidenceOf(cutExchange, "https://target.test", "violation").body).toBe(`{"error": (body cut at ${cap} bytes)`);
});

test("a provisioning answer whose body was cut breaks the provisioning contract, saying so", () => {
  const member = '{"member":{"groupId":"g","roles":[]}}';
  const given: Exchange = {
    ...cutExchange,
    operationId: "getItwinGroupMember",
    method: "GET",
    status: 200,
    text: member,
  };
  const problem = provisioningContractProblem(given);
  expect(problem && problemText(problem, given)).toBe(
    `body was cut at ${cap} bytes, so it is not judged against GroupMemberResponse: GET https://target.test/itwins/i/members/groups/g → 200 (content-type: application/json) body cut at ${cap} bytes: ${member}`,
  );
});

/** A raw TCP server: `answer` writes what it likes on the connection; `closed()`: the bytes it wrote, once done. */
async function rawServer(
  answer: (socket: Socket) => Promise<number>,
): Promise<{ url: string; closed: () => Promise<number>; server: Server }> {
  let closed: Promise<number> | undefined;
  const server = createTcpServer((socket) => {
    socket.on("error", () => undefined);
    socket.once("data", () => (closed = answer(socket)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/itwins/i/members/groups/g`;
  return { url, closed: () => closed!, server };
}

/** Writes `head`, then `total` bytes as the client takes them, stopping when it closes the connection. */
function endlessAfter(head: string, total: number) {
  return (socket: Socket) =>
    new Promise<number>((resolve) => {
      const chunk = Buffer.alloc(64 * 1024, "y");
      let written = 0;
      socket.on("close", () => resolve(written));
      socket.write(head);
      const pump = () => {
        while (written < total && !socket.destroyed) {
          written += chunk.length;
          if (!socket.write(chunk)) return void socket.once("drain", pump);
        }
        socket.end();
      };
      pump();
    });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes each part after a pause, so that each arrives on its own, then ends the connection. */
function inParts(parts: string[]) {
  return async (socket: Socket) => {
    socket.setNoDelay(true);
    for (const part of parts) {
      socket.write(part);
      await pause(30);
    }
    socket.end();
    return parts.join("").length;
  };
}

const wire: [
  string,
  { answer: (socket: Socket) => Promise<number>; want: { status: number; afterHeaders: string; cutAt?: number } },
][] = [
  [
    "a 204 and nothing after",
    { answer: inParts(["HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n"]), want: { status: 204, afterHeaders: "" } },
  ],
  [
    "a blank line split between packets",
    {
      answer: inParts(["HTTP/1.1 204 No Content\r\nX-A: 1\r", "\n\r", "\nabc"]),
      want: { status: 204, afterHeaders: "abc" },
    },
  ],
  [
    "a 204 followed by 100 MB",
    {
      answer: endlessAfter("HTTP/1.1 204 No Content\r\n\r\n", 100 * mib),
      want: { status: 204, afterHeaders: "y".repeat(cap), cutAt: cap },
    },
  ],
];

for (const [title, { answer, want }] of wire) {
  test(`wire: ${title}`, async () => {
    const target = await rawServer(answer);
    try {
      const got = await sendOverWire(target.url, { method: "DELETE", headers: {} }, { timeoutMs: 10_000 });
      expect({ status: got.status, afterHeaders: got.afterHeaders, cutAt: got.afterHeadersCutAt }).toEqual(want);
      if (want.cutAt !== undefined)
        expect(await target.closed(), "the connection was closed on the rest").toBeLessThan(50 * mib);
      else expect(got.headers["x-a"]).toBe("1");
    } finally {
      target.server.close();
    }
  });
}

test("wire: headers that never end are cut at the cap and refused", async () => {
  const target = await rawServer(endlessAfter("HTTP/1.1 204 No Content\r\nX-Long: ", 100 * mib));
  try {
    const failure = await sendOverWire(target.url, { method: "DELETE", headers: {} }, { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect((failure as Error).message).toBe(
      `DELETE ${target.url} did not answer with an HTTP/1.1 status line and headers`,
    );
    expect(await target.closed()).toBeLessThan(50 * mib);
  } finally {
    target.server.close();
  }
});

const tokenEndpoints: [string, { answer: (res: ServerResponse) => void; timeoutMs: number; want: string }][] = [
  [
    "a 200 with a 50 MB body",
    {
      answer: (res) => void streamBody(res, 200, 50 * 1000 * 1000),
      timeoutMs: 10_000,
      want: `answered 200 (${"x".repeat(200)}; body cut at ${cap} bytes)`,
    },
  ],
  [
    "a 200 whose body stops coming",
    {
      answer: (res) => res.writeHead(200, { "Content-Type": "application/json" }).write('{"access_token":'),
      timeoutMs: 500,
      want: "answered 200, but its body did not finish: no answer within 500 ms",
    },
  ],
];

for (const [title, { answer, timeoutMs, want }] of tokenEndpoints) {
  test(`token endpoint: ${title} is a configuration error that says so`, async () => {
    const { baseUrl, close } = await listen((_req, res) => answer(res));
    try {
      const credentials = {
        kind: "client-credentials" as const,
        tokenUrl: `${baseUrl}/connect/token`,
        clientId: "c",
        clientSecret: "canary-client-secret-5d1f",
        scope: "itwin-platform",
      };
      const failure = await obtainToken(credentials, timeoutMs).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(ConfigError);
      expect((failure as Error).message).toBe(
        `configuration error: no token for client c: token endpoint ${baseUrl}/connect/token ${want}`,
      );
    } finally {
      close();
    }
  });
}
