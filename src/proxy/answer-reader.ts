import { redact } from "../core/secrets";

/**
 * Reads an HTTP/1.1 answer as it comes off the wire, byte by byte as sent:
 * its status line and headers, then its body framed as RFC 9112 §6.3 says
 * (none for a 204, a 304 or an answer to HEAD; chunked; Content-Length; else
 * up to the close). Whatever breaks that framing is a MalformedAnswer whose
 * message says what the target sent. Bytes after a bodiless answer are
 * kept, not thrown: what they mean is the caller's to judge.
 */

/** What the target sent that cannot be read as an HTTP/1.1 answer; the message is one line. */
export class MalformedAnswer extends Error {}

export interface AnswerHead {
  status: number;
  statusMessage: string;
  /** Name, value, name, value… as sent. */
  rawHeaders: string[];
}

export interface AnswerEvents {
  head(head: AnswerHead): void;
  body(chunk: Buffer): void;
  /** The answer is whole; the connection may still carry bytes after it. */
  complete(): void;
}

/** Header sections past this are refused, as node's own parser does past its limit. */
const maxHeadBytes = 64 * 1024;
const maxChunkLineBytes = 1024;
const crlf = Buffer.from("\r\n");

/** Up to 80 characters of what was sent, quoted and redacted, for a one-line message. */
export function quoted(bytes: Buffer): string {
  const text = bytes.subarray(0, 80).toString("latin1");
  return `${JSON.stringify(redact(text))}${bytes.length > 80 ? "…" : ""}`;
}

type Framing =
  | { kind: "none" }
  | { kind: "length"; left: number; total: number }
  | { kind: "chunked"; state: "size" | "data" | "data-end" | "trailers"; left: number }
  | { kind: "close" };

export class AnswerReader {
  private pending: Buffer = Buffer.alloc(0);
  private framing: Framing | undefined;
  private done = false;
  /** Body bytes read (decoded from their chunks); for the messages. */
  bodyBytes = 0;
  /** Bytes that came after a bodiless answer. */
  after: Buffer = Buffer.alloc(0);
  head: AnswerHead | undefined;

  constructor(
    private readonly method: string,
    private readonly events: AnswerEvents,
  ) {}

  /** Whether the answer is whole. */
  get complete(): boolean {
    return this.done;
  }

  push(chunk: Buffer): void {
    if (this.done) {
      if (this.framing?.kind === "none") this.after = Buffer.concat([this.after, chunk]);
      else throw new MalformedAnswer(`${chunk.length} byte(s) after the end of its answer: ${quoted(chunk)}`);
      return;
    }
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (!this.done && this.pending.length) if (!this.step()) break;
  }

  /** The connection closed (`reset`: was reset): the answer must be whole by now, unless it runs to the close. */
  end(reset = false): void {
    if (this.done) return;
    const how = reset ? "the connection was reset" : "the connection closed";
    if (!this.head) {
      const sent = this.pending.length ? `: ${quoted(this.pending)}` : "";
      throw new MalformedAnswer(
        `${how} before the answer's headers were whole (${this.pending.length} byte(s))${sent}`,
      );
    }
    const f = this.framing!;
    if (f.kind === "close" && !reset) return this.finish();
    if (f.kind === "length")
      throw new MalformedAnswer(
        `${how} after ${this.bodyBytes} of the ${f.total} body bytes its Content-Length announced (${this.head.status})`,
      );
    throw new MalformedAnswer(
      `${how} in the middle of its ${f.kind === "chunked" ? "chunked " : ""}body, after ${this.bodyBytes} byte(s) (${this.head.status})`,
    );
  }

  /** One step of the reading; false when more bytes are needed. */
  private step(): boolean {
    if (!this.head || !this.framing) return this.readHead();
    const f = this.framing;
    if (f.kind === "close") {
      this.emit(this.take(this.pending.length));
      return false;
    }
    if (f.kind === "length") {
      const part = this.take(Math.min(f.left, this.pending.length));
      f.left -= part.length;
      this.emit(part);
      if (f.left === 0) this.finish();
      return true;
    }
    if (f.kind === "chunked") return this.chunkStep(f);
    return false;
  }

  private readHead(): boolean {
    const end = this.pending.indexOf("\r\n\r\n");
    if (end < 0) {
      if (this.pending.length > maxHeadBytes)
        throw new MalformedAnswer(`a header section longer than ${maxHeadBytes} bytes: ${quoted(this.pending)}`);
      return false;
    }
    const section = this.take(end + 4).subarray(0, end);
    const lines = section.toString("latin1").split("\r\n");
    const status = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]!);
    if (!status) throw new MalformedAnswer(`a status line that is not HTTP/1.1's: ${quoted(section)}`);
    const rawHeaders: string[] = [];
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      if (colon <= 0 || /[\s]/.test(line.slice(0, colon)))
        throw new MalformedAnswer(`a header line that is not "name: value": ${quoted(Buffer.from(line, "latin1"))}`);
      rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    const code = Number(status[1]);
    // An interim answer (100 Continue, 103 Early Hints) comes before the answer itself.
    if (code >= 100 && code < 200 && code !== 101) return true;
    this.head = { status: code, statusMessage: status[2] ?? "", rawHeaders };
    this.framing = this.framingOf(this.head);
    this.events.head(this.head);
    if (this.framing.kind === "none" || (this.framing.kind === "length" && this.framing.left === 0)) this.finish();
    return true;
  }

  private framingOf(head: AnswerHead): Framing {
    if (head.status === 101)
      throw new MalformedAnswer("101 Switching Protocols, to a request that asked for no upgrade");
    if (head.status === 204 || head.status === 304 || this.method.toUpperCase() === "HEAD") return { kind: "none" };
    const values = (name: string) =>
      head.rawHeaders.flatMap((v, i) => (i % 2 === 0 && v.toLowerCase() === name ? [head.rawHeaders[i + 1]!] : []));
    const codings = values("transfer-encoding")
      .join(",")
      .split(",")
      .map((c) => c.trim().toLowerCase());
    if (codings.at(-1) === "chunked") return { kind: "chunked", state: "size", left: 0 };
    if (values("transfer-encoding").length) return { kind: "close" };
    const lengths = [...new Set(values("content-length").flatMap((v) => v.split(",").map((n) => n.trim())))];
    if (!lengths.length) return { kind: "close" };
    if (lengths.length > 1 || !/^\d{1,15}$/.test(lengths[0]!))
      throw new MalformedAnswer(`a Content-Length that is not one number: ${JSON.stringify(lengths.join(", "))}`);
    const total = Number(lengths[0]);
    return { kind: "length", left: total, total };
  }

  private chunkStep(f: Extract<Framing, { kind: "chunked" }>): boolean {
    if (f.state === "data") {
      const part = this.take(Math.min(f.left, this.pending.length));
      f.left -= part.length;
      this.emit(part);
      if (f.left === 0) f.state = "data-end";
      return true;
    }
    const end = this.pending.indexOf(crlf);
    if (end < 0) {
      if (this.pending.length > maxChunkLineBytes)
        throw new MalformedAnswer(`a chunk line longer than ${maxChunkLineBytes} bytes: ${quoted(this.pending)}`);
      return false;
    }
    const line = this.take(end + 2).subarray(0, end);
    if (f.state === "data-end") {
      if (line.length) throw new MalformedAnswer(`chunk data longer than its size said: ${quoted(line)}`);
      f.state = "size";
      return true;
    }
    if (f.state === "trailers") {
      if (!line.length) this.finish();
      return true;
    }
    const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line.toString("latin1"));
    if (!size) throw new MalformedAnswer(`a chunk size that is not hexadecimal: ${quoted(line)}`);
    f.left = parseInt(size[1]!, 16);
    f.state = f.left === 0 ? "trailers" : "data";
    return true;
  }

  private take(count: number): Buffer {
    const part = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(count);
    return part;
  }

  private emit(chunk: Buffer): void {
    if (!chunk.length) return;
    this.bodyBytes += chunk.length;
    this.events.body(chunk);
  }

  private finish(): void {
    this.done = true;
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    this.events.complete();
    if (rest.length) this.push(rest);
  }
}
