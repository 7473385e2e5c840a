import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { BodyTap } from "./exchange-capture";
import { quoted } from "./answer-reader";
import { endToEndHeaders } from "./hop-by-hop";
import { forwardOverWire } from "./wire-forward";

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
  /** Whether to read the answer off the wire (wire-forward.ts): the operation under test's. */
  readOffWire?(request: IncomingMessage): boolean;
  /** A request the target did not answer: the client got a 502 from the proxy. */
  onFailure(request: IncomingMessage, message: string): void;
  /** An answer the proxy could not read: `problem` says what the target sent; the exchange is not judged. */
  onMalformed(request: IncomingMessage, problem: string): void;
  /** A request is done with, answered or not: its response closed. */
  onSettled?: () => void;
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
    const headers = endToEndHeaders(request.rawHeaders, target.host);
    const tap = options.tap(request) ? new BodyTap() : undefined;
    const answered = (status: number, responseHeaders: IncomingMessage["headers"]) =>
      options.onAnswered({ request, startedAtMs, status, responseHeaders, body: tap ?? new BodyTap(0) });
    if (options.readOffWire?.(request)) {
      // Settled once the client's answer is closed and the target's connection done with, both.
      let waits = 2;
      const settle = () => --waits === 0 && finish();
      response.off("close", finish);
      response.on("close", settle);
      return forwardOverWire(target, request, headers, response, {
        tap: tap ?? new BodyTap(0),
        answered: (status, raw) => answered(status, headerObject(raw)),
        unanswered: (message) => options.onFailure(request, message),
        malformed: (problem) => options.onMalformed(request, problem),
        done: settle,
      });
    }
    const upstream = client.request({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port || undefined,
      method: request.method,
      path: request.url,
      headers: headers as unknown as OutgoingHttpHeaders,
      setHost: false,
    });
    let answerBytes: number | undefined;
    let whole = false;
    let upstreamAnswer: IncomingMessage | undefined;
    upstream.on("response", (answer) => {
      upstreamAnswer = answer;
      answerBytes = 0;
      response.writeHead(
        answer.statusCode ?? 502,
        answer.statusMessage,
        endToEndHeaders(answer.rawHeaders) as unknown as OutgoingHttpHeaders,
      );
      answer.on("data", (chunk: Buffer) => ((answerBytes! += chunk.length), tap?.push(chunk)));
      answer.pipe(response);
      answer.on("end", () => {
        whole = true;
        answered(answer.statusCode ?? 0, answer.headers);
      });
      answer.on("error", () => {
        if (whole) return;
        options.onMalformed(
          request,
          `the connection ended in the middle of its body, after ${answerBytes} byte(s) (${answer.statusCode})`,
        );
        response.destroy();
      });
    });
    upstream.on(
      "error",
      (error: NodeJS.ErrnoException & { rawPacket?: Buffer; bytesParsed?: number; reason?: string }) => {
        if (answerBytes === undefined && !error.code?.startsWith("HPE_")) {
          options.onFailure(request, error.message);
          response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
          return void response.end(`the proxy could not reach ${target.host}: ${error.message}\n`);
        }
        // The target answered, and node's parser refused what it sent: say what, and leave a whole answer be.
        options.onMalformed(request, parseProblem(error));
        // Bytes after a whole answer: the client gets that answer, as it would from the target straight.
        if (whole || upstreamAnswer?.complete) return;
        if (response.headersSent) return void response.destroy();
        response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
        response.end(`the proxy could not read the answer of ${target.host}: ${parseProblem(error)}\n`);
      },
    );
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
            // Done once every client's connection is closed and every target's answer read to its end.
            const deadline = Date.now() + 3000;
            const drained = () => (inFlight === 0 || Date.now() > deadline ? done() : setTimeout(drained, 50));
            server.close(drained);
            // Keep-alive connections of clients would hold the server open: nothing more is forwarded.
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2000).unref();
          }),
      });
    });
  });
}

/** What node's parser said of an answer it refused, and the bytes where it stopped (node keeps the packet as rawPacket). */
function parseProblem(
  error: Error & { code?: string; rawPacket?: Buffer; bytesParsed?: number; reason?: string },
): string {
  // bytesParsed counts the byte the parser stopped on.
  const at = error.rawPacket?.subarray(Math.max(0, (error.bytesParsed ?? 1) - 1));
  const sent = at?.length ? ` at: ${quoted(at)}` : "";
  return `${error.reason ?? error.message} (${error.code ?? "no code"})${sent}`;
}

/** Raw headers as node's IncomingMessage.headers has them: names lower-cased, repeats joined, Set-Cookie a list. */
function headerObject(raw: readonly string[]): IncomingMessage["headers"] {
  const headers: Record<string, string | string[]> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const kept = headers[name];
    if (name === "set-cookie") headers[name] = [...((kept as string[] | undefined) ?? []), raw[i + 1]!];
    else headers[name] = kept === undefined ? raw[i + 1]! : `${kept as string}, ${raw[i + 1]!}`;
  }
  return headers;
}
