/**
 * A forward proxy that makes a loopback target look remote: every answer is
 * held back by a round trip's latency, each token may be rate-limited the
 * way the platform's tiers are, and bodies may be swapped for huge ones. It
 * records what crossed it, so that a benchmark can tell how much of a run's
 * wall time the latency alone forces.
 */
import { Agent, createServer, request as forward, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { performance } from "node:perf_hooks";

export interface RemoteProxyOptions {
  /** Origin of the target, e.g. http://127.0.0.1:41234 */
  target: string;
  /** Each answer's status line is sent this long after the target answered (0 by default). */
  delayMs?: number;
  /** Requests per window per Authorization value; past it the proxy answers 429 itself. */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Every answer but the token endpoint's carries this many bytes of filler instead of the target's body. */
  hugeBodyBytes?: number;
}

export interface Interval {
  start: number;
  end: number;
}

export interface RemoteProxyStats {
  /** Every request the proxy received, the token endpoint's included. */
  received: number;
  /** Requests to the token endpoint (never counted against the rate limit). */
  tokenRequests: number;
  forwarded: number;
  /** 429s the proxy answered itself, over its rate limit. */
  proxy429: number;
  /** 429s that came from the target. */
  target429: number;
  inFlight: number;
  maxInFlight: number;
  /** Per request, in performance.now() ms: from its arrival to the end of its answer. */
  log: Interval[];
}

export interface RemoteProxy {
  origin: string;
  stats: RemoteProxyStats;
  /** The longest chain of requests each of which started after the previous one ended. */
  longestChain(): number;
  close(): Promise<void>;
}

const chunkBytes = 64 * 1024;
const fillerHead = Buffer.from('{"error":{"code":"x","message":"');
const fillerTail = Buffer.from('"}}');
const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection"]);

/**
 * The most intervals that can be ordered so that each starts at or after the
 * previous one's end: the round trips a run made one after another. Greedy by
 * earliest end is optimal for this (interval scheduling), O(n log n).
 */
export function longestChain(intervals: readonly Interval[]): number {
  let chain = 0;
  let lastEnd = -Infinity;
  for (const { start, end } of [...intervals].sort((a, b) => a.end - b.end)) {
    if (start >= lastEnd) {
      chain++;
      lastEnd = end;
    }
  }
  return chain;
}

/** A sliding-window log per key: the arrival times of the requests it let through. */
export class SlidingWindowLimiter {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Admits the request, or tells in whole seconds (at least 1) when the oldest one counted leaves the window. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.seen.set(key, times);
    if (times.length < this.limit) {
      times.push(now);
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
  }
}

export async function startRemoteProxy(options: RemoteProxyOptions): Promise<RemoteProxy> {
  const target = new URL(options.target);
  const delayMs = options.delayMs ?? 0;
  const limiter = options.rateLimit
    ? new SlidingWindowLimiter(options.rateLimit.limit, options.rateLimit.windowSeconds * 1000)
    : undefined;
  const stats: RemoteProxyStats = {
    received: 0,
    tokenRequests: 0,
    forwarded: 0,
    proxy429: 0,
    target429: 0,
    inFlight: 0,
    maxInFlight: 0,
    log: [],
  };
  // Kept-alive connections to the target: a run's thousands of requests would otherwise each open one.
  const agent = new Agent({ keepAlive: true });
  const timers = new Set<NodeJS.Timeout>();
  const later = (fn: () => void) => {
    if (delayMs <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, delayMs);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    const start = performance.now();
    stats.received++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.once("close", () => {
      stats.inFlight--;
      stats.log.push({ start, end: performance.now() });
    });

    const token = new URL(req.url ?? "/", "http://proxy").pathname.endsWith("/connect/token");
    if (token) stats.tokenRequests++;
    const admitted = token || !limiter ? { ok: true as const } : limiter.take(req.headers.authorization ?? "", start);
    if (!admitted.ok) {
      stats.proxy429++;
      req.resume();
      return later(() => {
        const body = JSON.stringify({
          error: { code: "RateLimitExceeded", message: "Too many requests for this token; retry later." },
        });
        res.writeHead(429, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "retry-after": String(admitted.retryAfterSeconds),
        });
        res.end(body);
      });
    }

    stats.forwarded++;
    const upstream = forward({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
      agent,
    });
    upstream.on("response", (answer) => {
      if (answer.statusCode === 429) stats.target429++;
      later(() => relay(req, res, answer, token ? undefined : options.hugeBodyBytes));
    });
    upstream.on("error", () => {
      if (res.destroyed) return;
      later(() => {
        if (res.headersSent) return void res.destroy();
        res.writeHead(502, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "BadGateway", message: "The target could not be reached." } }));
      });
    });
    // A client that gives up (its own time-out, a bounded read) frees the target's connection too.
    res.once("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    stats,
    longestChain: () => longestChain(stats.log),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Sends the target's answer on, its body or, with hugeBodyBytes, filler in its place. */
function relay(req: IncomingMessage, res: ServerResponse, answer: IncomingMessage, hugeBodyBytes?: number): void {
  if (res.destroyed) return void answer.destroy();
  const status = answer.statusCode ?? 502;
  const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !hopByHop.has(name)));
  // node:http sends no body with a 204 or 304, nor with any answer to HEAD: those stay as they are.
  if (!hugeBodyBytes || status === 204 || status === 304 || req.method === "HEAD") {
    res.writeHead(status, headers);
    answer.pipe(res);
    return;
  }
  answer.resume();
  delete headers["content-length"];
  res.writeHead(status, headers);
  void writeFiller(res, hugeBodyBytes);
}

/** JSON-shaped filler of exactly `bytes` bytes, a reused 64 KiB chunk at a time, waiting for the socket to drain. */
async function writeFiller(res: ServerResponse, bytes: number): Promise<void> {
  const filler = Buffer.alloc(chunkBytes, "a");
  let left = bytes;
  const write = async (chunk: Buffer): Promise<boolean> => {
    if (res.destroyed) return false;
    if (res.write(chunk)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
    return !res.destroyed;
  };
  const head = fillerHead.subarray(0, left);
  left -= head.length;
  if (!(await write(head))) return;
  const tailBytes = Math.min(fillerTail.length, left);
  left -= tailBytes;
  while (left > 0) {
    const chunk = left >= chunkBytes ? filler : filler.subarray(0, left);
    left -= chunk.length;
    if (!(await write(chunk))) return;
  }
  if (tailBytes && !(await write(fillerTail.subarray(fillerTail.length - tailBytes)))) return;
  res.end();
}
