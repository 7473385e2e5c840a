import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { AnswerReader, MalformedAnswer, quoted } from "./answer-reader";
import type { BodyTap } from "./exchange-capture";
import { endToEndHeaders } from "./hop-by-hop";

/**
 * How long the connection is watched after a whole answer for bytes the
 * target sends after it, when the target keeps it open despite
 * `Connection: close` (as the suite's wire reader, src/client/wire.ts).
 */
const settleMs = 500;

export interface WireForwardHooks {
  /** The answer's body (and, after a 204, whatever bytes followed it) for the checks. */
  tap: BodyTap;
  /** The answer was read whole, and the connection is done with: judge it. */
  answered(status: number, rawHeaders: string[]): void;
  /** The target took no request or sent nothing: the client got a 502. */
  unanswered(message: string): void;
  /** The target sent what cannot be read as an answer: one line saying what. */
  malformed(problem: string): void;
  /** Nothing more will happen: answered, failed, or the client went away. */
  done(): void;
}

/**
 * Forwards one request over a connection of its own, `Connection: close`,
 * and reads the answer off the wire (answer-reader.ts), so that what a
 * client's HTTP stack hides or chokes on is seen: bytes after a 204 go to
 * the checks while the client gets its 204; an answer broken in its framing
 * is reported as what it is, and the client gets what the target's break
 * gives it (a 502 before the headers, a cut connection after them).
 */
export function forwardOverWire(
  target: URL,
  request: IncomingMessage,
  headers: string[],
  response: ServerResponse,
  hooks: WireForwardHooks,
): void {
  const secure = target.protocol === "https:";
  const port = Number(target.port || (secure ? 443 : 80));
  const chunked = request.headers["transfer-encoding"] !== undefined;
  const head = [`${request.method} ${request.url} HTTP/1.1`];
  for (let i = 0; i < headers.length; i += 2) head.push(`${headers[i]}: ${headers[i + 1]}`);
  head.push("Connection: close", ...(chunked ? ["Transfer-Encoding: chunked"] : []));

  let received = 0;
  let over = false;
  let settle: NodeJS.Timeout | undefined;
  const end = () => {
    if (over) return false;
    over = true;
    clearTimeout(settle);
    socket.destroy();
    hooks.done();
    return true;
  };
  const fail = (problem: string) => {
    if (!end()) return;
    hooks.malformed(problem);
    if (!response.headersSent) {
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      response.end(`the proxy could not read the answer of ${target.host}: ${problem}\n`);
    } else response.destroy();
  };
  const settled = () => {
    if (over) return;
    const { after, head: answer } = reader;
    if (after.length && answer!.status !== 204)
      return fail(`${after.length} byte(s) after its ${answer!.status}, which has no body: ${quoted(after)}`);
    // A 204 has no body, so these bytes are the body the checks judge (REMOVE-NO-BODY), as the suite's wire reader does.
    hooks.tap.push(after);
    if (end()) hooks.answered(answer!.status, answer!.rawHeaders);
  };
  const reader = new AnswerReader(request.method ?? "GET", {
    head: (answer) => {
      response.writeHead(
        answer.status,
        answer.statusMessage,
        endToEndHeaders(answer.rawHeaders) as unknown as OutgoingHttpHeaders,
      );
      // On at once, as the target sent them: a body that breaks after them must not take them with it.
      response.flushHeaders();
    },
    body: (chunk) => {
      hooks.tap.push(chunk);
      response.write(chunk);
    },
    complete: () => {
      response.end();
      settle = setTimeout(settled, settleMs);
    },
  });
  const read = (action: () => void) => {
    try {
      action();
    } catch (error) {
      // Node refuses to pass on some of what the reader takes (a control character in a header value).
      const problem = error instanceof Error ? error.message : String(error);
      fail(error instanceof MalformedAnswer ? problem : `an answer the proxy cannot pass on: ${problem}`);
    }
  };

  const socket: Socket = secure
    ? connectTls({ host: target.hostname, port, servername: target.hostname })
    : connectTcp(port, target.hostname);
  socket.write(`${head.join("\r\n")}\r\n\r\n`);
  request.on("data", (chunk: Buffer) =>
    socket.write(chunked ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, crlf]) : chunk),
  );
  request.on("end", () => chunked && socket.write("0\r\n\r\n"));
  socket.on("data", (chunk: Buffer) => {
    received += chunk.length;
    read(() => reader.push(chunk));
  });
  socket.on("end", () =>
    read(() => {
      reader.end();
      settled();
    }),
  );
  socket.on("error", (error: NodeJS.ErrnoException) => {
    if (received === 0 && !over) {
      end();
      hooks.unanswered(error.code ?? error.message);
      response.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      return void response.end(`the proxy could not reach ${target.host}: ${error.code ?? error.message}\n`);
    }
    read(() => (reader.complete ? settled() : reader.end(true)));
  });
  // A client that goes away ends the forwarded request too; it is no error of the target's.
  response.on("close", () => {
    if (!response.writableFinished) end();
  });
}

const crlf = Buffer.from("\r\n");
