import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { BodyTap } from "./exchange-capture";

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), with those Connection names. */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** What the proxy saw of one exchange it forwarded, once the answer has been sent on whole. */
export interface Forwarded {
  request: IncomingMessage;
  startedAtMs: number;
  status: number;
  responseHeaders: IncomingMessage["headers"];
  /** Up to the tap's cap of the answer's body. */
  body: BodyTap;
}

export interface ForwardingServer {
  /** The port it listens on, on 127.0.0.1. */
  port: number;
  /** Requests started and not yet answered. */
  inFlight(): number;
  close(): Promise<void>;
}

export interface ForwardOptions {
  target: URL;
  port: number;
  /** Every request as it arrives. */
  onRequest?: () => void;
  /** Every exchange, after its answer went back; `tap` says whether to keep its body (a matched operation's). */
  onAnswered(exchange: Forwarded): void;
  tap(request: IncomingMessage): boolean;
  /** A request the target did not answer: the client got a 502 from the proxy. */
  onFailure(request: IncomingMessage, message: string): void;
  /** A request is done with, answered or not: its response closed. */
  onSettled?: () => void;
}

/** The raw headers without the hop-by-hop ones (and those the Connection header names). */
export function endToEndHeaders(raw: readonly string[], replaceHost?: string): string[] {
  const named = new Set<string>(hopByHop);
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === "connection")
      for (const name of raw[i + 1]!.split(",")) named.add(name.trim().toLowerCase());
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (named.has(name)) continue;
    kept.push(raw[i]!, name === "host" && replaceHost !== undefined ? replaceHost : raw[i + 1]!);
  }
  return kept;
}

/**
 * Listens on 127.0.0.1 and forwards every request to the target's origin,
 * method, path, query, headers (the hop-by-hop ones aside, Host the
 * target's) and body as they came, and the answer back as it comes, streamed:
 * node:http, not fetch, which would rewrite headers. A copy of up to the
 * tap's cap of each tapped answer's body is kept for the checks; the
 * forwarded stream is never cut.
 */
export function startForwarding(options: ForwardOptions): Promise<ForwardingServer> {
  const { target } = options;
  const client = target.protocol === "https:" ? https : http;
  let inFlight = 0;
  const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    inFlight++;
    options.onRequest?.();
    const startedAtMs = Date.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      options.onSettled?.();
    };
    response.on("close", finish);
    const upstream = client.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || undefined,
      method: request.method,
      path: request.url,
      headers: endToEndHeaders(request.rawHeaders, target.host) as unknown as OutgoingHttpHeaders,
      setHost: false,
    });
    upstream.on("response", (answer) => {
      const tap = options.tap(request) ? new BodyTap() : undefined;
      response.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        endToEndHeaders(answer.rawHeaders) as unknown as OutgoingHttpHeaders,
      );
      if (tap) answer.on("data", (chunk: Buffer) => tap.push(chunk));
      answer.pipe(response);
      answer.on("end", () =>
        options.onAnswered({
          request,
          startedAtMs,
          status: answer.statusCode ?? 0,
          responseHeaders: answer.headers,
          body: tap ?? new BodyTap(0),
        }),
      );
      answer.on("error", () => response.destroy());
    });
    upstream.on("error", (error) => {
      options.onFailure(request, error.message);
      if (response.headersSent) return void response.destroy();
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      response.end(`the proxy could not reach ${target.host}: ${error.message}\n`);
    });
    // A client that goes away mid-request ends the forwarded request too; it is no error of the proxy's.
    request.on("error", () => upstream.destroy());
    request.on("aborted", () => upstream.destroy());
    request.pipe(upstream);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        inFlight: () => inFlight,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive connections of clients would hold the server open: nothing more is forwarded.
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}
