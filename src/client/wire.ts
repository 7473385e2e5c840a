import { TargetUnavailableError } from "../core/errors";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { redact, redactValues } from "../core/secrets";
import { maxAnswerBodyBytes } from "./read-capped";

/** What came over the wire for one request: the status, the headers, and every byte after them. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Bytes after the header section, as latin1 text, at most maxAnswerBodyBytes of them; a 204 must have none. */
  afterHeaders: string;
  /** Set when more bytes followed than the cap: the bytes kept; the connection was closed on the rest. */
  afterHeadersCutAt?: number;
}

/**
 * Sends one request over a socket of its own and reads the answer as bytes.
 * HTTP clients (fetch included) discard whatever a server sends after a 204's
 * headers, so only this shows a 204 that carries content. `Connection: close`
 * is sent; reading ends when the server closes, `settleMs` after the headers
 * when it keeps the connection open, or at the read cap.
 */
export function sendOverWire(
  url: string,
  request: { method: string; headers: Record<string, string> },
  options: { timeoutMs: number; settleMs?: number },
): Promise<WireResponse> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const port = Number(target.port || (secure ? 443 : 80));
  const lines = [
    `${request.method} ${target.pathname}${target.search} HTTP/1.1`,
    `Host: ${target.host}`,
    "Connection: close",
  ];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  const bytes = `${lines.join("\r\n")}\r\n\r\n`;

  return new Promise((resolve, reject) => {
    const socket: Socket = secure
      ? connectTls({ host: target.hostname, port, servername: target.hostname }, () => socket.write(bytes))
      : connectTcp(port, target.hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    let received = 0;
    // Where the bytes after the header section start, once its blank line has come.
    let bodyStart = -1;
    let lastThree = Buffer.alloc(0);
    let cutAt: number | undefined;
    let settle: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(overall);
      clearTimeout(settle);
      socket.destroy();
      const raw = Buffer.concat(chunks).toString("latin1");
      const end = raw.indexOf("\r\n\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(raw)?.[1]);
      if (end < 0 || !status)
        return reject(
          new TargetUnavailableError(
            `${request.method} ${url} did not answer with an HTTP/1.1 status line and headers`,
          ),
        );
      const headers: Record<string, string> = {};
      for (const line of raw.slice(0, end).split("\r\n").slice(1)) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      // Redacted as read, like every answer: what a check asserts on reaches Playwright's traces and reports.
      resolve({
        status,
        headers: redactValues(headers),
        afterHeaders: redact(raw.slice(end + 4)),
        ...(cutAt === undefined ? {} : { afterHeadersCutAt: cutAt }),
      });
    };
    const overall = setTimeout(() => {
      socket.destroy();
      reject(
        new TargetUnavailableError(`${request.method} ${url} got no complete response within ${options.timeoutMs} ms`),
      );
    }, options.timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      if (bodyStart < 0) {
        // Only the new chunk and the three bytes before it can complete the blank line: no rescan of all that came.
        const seam = Buffer.concat([lastThree, chunk]);
        const at = seam.indexOf("\r\n\r\n");
        if (at >= 0) {
          bodyStart = received - lastThree.length + at + 4;
          settle = setTimeout(finish, options.settleMs ?? 500);
        }
        lastThree = seam.subarray(-3);
      }
      // At the cap (after the headers, or of headers that never end) the connection is closed and what came is judged.
      const limit = (bodyStart < 0 ? 0 : bodyStart) + maxAnswerBodyBytes;
      if (received + chunk.length > limit) {
        chunks.push(chunk.subarray(0, limit - received));
        if (bodyStart >= 0) cutAt = maxAnswerBodyBytes;
        return finish();
      }
      chunks.push(chunk);
      received += chunk.length;
    });
    socket.on("end", finish);
    socket.on("error", (error) => {
      clearTimeout(overall);
      clearTimeout(settle);
      reject(
        new TargetUnavailableError(
          `${request.method} ${url} failed on the wire: ${(error as NodeJS.ErrnoException).code ?? error.message}`,
        ),
      );
    });
  });
}
