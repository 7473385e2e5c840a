import { TargetUnavailableError } from "../core/errors";
import { connect as connectTcp, type Socket } from "node:net";
import { connect as connectTls } from "node:tls";
import { redact, redactValues } from "../core/secrets";

/** What came over the wire for one request: the status, the headers, and every byte after them. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** Bytes after the header section, as latin1 text; a 204 must have none. */
  afterHeaders: string;
}

/**
 * Sends one request over a socket of its own and reads the answer as bytes.
 * HTTP clients (fetch included) discard whatever a server sends after a 204's
 * headers, so only this shows a 204 that carries content. `Connection: close`
 * is sent; reading ends when the server closes, or `settleMs` after the headers
 * when it keeps the connection open.
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
      resolve({ status, headers: redactValues(headers), afterHeaders: redact(raw.slice(end + 4)) });
    };
    const overall = setTimeout(() => {
      socket.destroy();
      reject(
        new TargetUnavailableError(`${request.method} ${url} got no complete response within ${options.timeoutMs} ms`),
      );
    }, options.timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (!settle && Buffer.concat(chunks).includes("\r\n\r\n")) settle = setTimeout(finish, options.settleMs ?? 500);
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
