import type { IncomingHttpHeaders } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import type { OperationId } from "../../generated/operations";
import { sentCredentialRedactor } from "../client/api-client";
import type { Exchange } from "../client/exchange";
import { maxAnswerBodyBytes } from "../client/read-capped";
import { sentAuthorization } from "../client/sent-request";
import { redact, redactValues, registerSecret } from "../core/secrets";
import { credentialFacts, type CredentialFacts } from "./credential";

/** An exchange seen by the proxy: the project's Exchange, and what its request's credential showed. */
export interface ProxyExchange extends Exchange {
  /** null: the request carried no Authorization header. */
  credential: CredentialFacts | null;
}

/**
 * The variable a replay of a proxied request names its credential by: the
 * proxy does not know which setting, if any, the client's token came from.
 */
export const proxiedCredentialVariable = "TOKEN";

/**
 * The request headers an exchange keeps for its replay: those that say what
 * was asked for. The proxy cannot know which of a client's other headers
 * (cookies, API keys) are credentials, so it keeps none of them.
 */
const keptRequestHeaders = ["accept", "content-type", "if-match", "prefer"];

/** Up to `cap` bytes of a body, as it streams past; the stream itself is never cut. */
export class BodyTap {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  cut = false;

  constructor(private readonly cap = maxAnswerBodyBytes) {}

  push(chunk: Buffer): void {
    const room = this.cap - this.kept;
    if (chunk.length > room) this.cut = true;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(part);
    this.kept += part.length;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface Seen {
  operationId: OperationId;
  method: string;
  /** The target's URL the request went to. */
  url: string;
  requestHeaders: IncomingHttpHeaders;
  status: number;
  responseHeaders: IncomingHttpHeaders;
  body: BodyTap;
  startedAtMs: number;
}

/**
 * The exchange the checks judge, built as the suite's client builds its own:
 * the credential registered as a secret first, then the answer redacted as
 * received (echoedSecret says whether that hid anything), and the request
 * kept without its credential.
 */
export function captureExchange(seen: Seen): ProxyExchange {
  const authorization = single(seen.requestHeaders.authorization);
  const credential = credentialFacts(authorization);
  registerSecret(authorization?.trim().replace(/^\S+\s+/, ""));
  const hide = sentCredentialRedactor(authorization);
  const { text: raw, cutAt } = decodedBody(seen.body, single(seen.responseHeaders["content-encoding"]));
  const rawHeaders = Object.fromEntries(
    Object.entries(seen.responseHeaders).flatMap(([name, value]) =>
      value === undefined ? [] : [[name.toLowerCase(), Array.isArray(value) ? value.join(", ") : value]],
    ),
  );
  const text = hide(redact(raw));
  const headers = Object.fromEntries(Object.entries(redactValues(rawHeaders)).map(([n, v]) => [n, hide(v)]));
  const echoedSecret = text !== raw || Object.entries(headers).some(([name, value]) => value !== rawHeaders[name]);
  const kept = Object.fromEntries(
    keptRequestHeaders.flatMap((name) => {
      const value = single(seen.requestHeaders[name]);
      return value === undefined ? [] : [[name, hide(redact(value))]];
    }),
  );
  return {
    operationId: seen.operationId,
    method: seen.method,
    url: redact(seen.url),
    status: seen.status,
    headers,
    text,
    echoedSecret,
    ...(cutAt === undefined ? {} : { bodyCutAt: cutAt }),
    credential,
    request: {
      headers: kept,
      ...(authorization === undefined
        ? {}
        : {
            authorization: sentAuthorization(
              authorization.trim(),
              "",
              proxiedCredentialVariable,
              proxiedCredentialVariable,
            ),
          }),
      startedAtMs: seen.startedAtMs,
      durationMs: Date.now() - seen.startedAtMs,
    },
  };
}

/** The body as text; a compressed one decompressed (at most the cap of it), as a client would read it. */
function decodedBody(tap: BodyTap, encoding: string | undefined): { text: string; cutAt?: number } {
  const bytes = tap.bytes();
  const decompress = decompressors[(encoding ?? "").trim().toLowerCase()];
  if (!decompress) return { text: bytes.toString("utf8"), ...(tap.cut ? { cutAt: bytes.length } : {}) };
  try {
    const plain = decompress(bytes, { maxOutputLength: maxAnswerBodyBytes });
    return { text: plain.toString("utf8"), ...(tap.cut ? { cutAt: plain.length } : {}) };
  } catch {
    // Past the cap, or a stream cut short: judged as cut, on the bytes as they came.
    return { text: bytes.toString("utf8"), cutAt: bytes.length };
  }
}

const decompressors: Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  "x-gzip": gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
};

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}
