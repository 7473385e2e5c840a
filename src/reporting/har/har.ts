import { STATUS_CODES } from "node:http";
import type { Exchange } from "../../client/exchange";
import type { SentAuthorization } from "../../client/sent-request";
import { redact } from "../../core/secrets";

/** The most of each body, request or response, an entry of exchanges.har holds. */
export const harBodyCap = 64 * 1024;

interface HarHeader {
  name: string;
  value: string;
}

/** One entry of a HAR 1.2 log, with the test and the requirements it served. */
export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: HarHeader[];
    queryString: HarHeader[];
    cookies: [];
    headersSize: -1;
    bodySize: number;
    postData?: { mimeType: string; text: string };
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: HarHeader[];
    cookies: [];
    content: { size: number; mimeType: string; text: string };
    redirectURL: string;
    headersSize: -1;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  /** The test that sent it (absent for a worker's own clean-up) and the requirements that test checks. */
  _test?: string;
  _requirements: string[];
  /** The operation the observer judged it as, and who sent it when not the admin identity: what `verify` re-judges it with. */
  _operation?: string;
  _caller?: string;
  /** Set when the client stopped reading the answer at its read cap: the bytes it read. */
  _bodyCutAt?: number;
  /** Bodies cut at harBodyCap (or, for a response, at the client's read cap): their full size in bytes, as far as known. */
  _cut?: { request?: number; response?: number };
  comment?: string;
}

/** Who sent an exchange: the test and the requirements it checks, none outside a test. */
export interface ExchangeContext {
  test?: string;
  requirements: string[];
}

/** An Authorization header as a HAR shows it: where the credential came from, never a secret. */
export function authorizationShown(from: SentAuthorization): string {
  return "literal" in from ? from.literal : `${from.prefix}$${from.variable}`;
}

/** The redacted text cut to harBodyCap bytes, and its size in bytes before the cut. */
function capped(text: string): { text: string; size: number; cut: boolean } {
  const bytes = Buffer.from(redact(text));
  if (bytes.length <= harBodyCap) return { text: bytes.toString(), size: bytes.length, cut: false };
  // A cut inside a character leaves a replacement character; it goes.
  return {
    text: bytes
      .subarray(0, harBodyCap)
      .toString()
      .replace(/\uFFFD+$/, ""),
    size: bytes.length,
    cut: true,
  };
}

const pairs = (record: Record<string, string>): HarHeader[] =>
  Object.entries(record).map(([name, value]) => ({ name, value: redact(value) }));

function queryString(url: string): HarHeader[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value: redact(value) }));
  } catch {
    return [];
  }
}

/** The exchange as an entry of exchanges.har: redacted, bodies capped, tagged with its test and requirements. */
export function harEntry(exchange: Exchange, context: ExchangeContext): HarEntry {
  const sent = exchange.request;
  const headers = { ...sent?.headers };
  if (sent?.authorization) headers.Authorization = authorizationShown(sent.authorization);
  const requestBody = sent?.body === undefined ? undefined : capped(sent.body);
  const responseBody = capped(exchange.text);
  const mimeType = exchange.headers["content-type"] ?? "";
  const time = Math.max(0, sent?.durationMs ?? 0);
  const cut: HarEntry["_cut"] = {};
  const notes: string[] = [];
  if (requestBody?.cut) {
    cut.request = requestBody.size;
    notes.push(`request body cut at ${harBodyCap} of ${requestBody.size} bytes`);
  }
  if (exchange.bodyCutAt !== undefined || responseBody.cut) {
    cut.response = responseBody.size;
    notes.push(
      exchange.bodyCutAt !== undefined
        ? `response body cut at ${exchange.bodyCutAt} bytes as received (the client's read cap); ${Math.min(responseBody.size, harBodyCap)} bytes kept`
        : `response body cut at ${harBodyCap} of ${responseBody.size} bytes`,
    );
  }
  return {
    startedDateTime: new Date(sent?.startedAtMs ?? Date.now()).toISOString(),
    time,
    request: {
      method: exchange.method,
      url: redact(exchange.url),
      httpVersion: "HTTP/1.1",
      headers: pairs(headers),
      queryString: queryString(exchange.url),
      cookies: [],
      headersSize: -1,
      bodySize: requestBody?.size ?? 0,
      ...(requestBody ? { postData: { mimeType: headers["Content-Type"] ?? "", text: requestBody.text } } : {}),
    },
    response: {
      status: exchange.status,
      statusText: STATUS_CODES[exchange.status] ?? "",
      httpVersion: "HTTP/1.1",
      headers: pairs(exchange.headers),
      cookies: [],
      content: { size: responseBody.size, mimeType, text: responseBody.text },
      redirectURL: redact(exchange.headers.location ?? ""),
      headersSize: -1,
      bodySize: responseBody.size,
    },
    cache: {},
    // The client measures the whole exchange; HAR's parts are not told apart.
    timings: { send: 0, wait: time, receive: 0 },
    ...(context.test === undefined ? {} : { _test: context.test }),
    _requirements: context.requirements,
    _operation: exchange.operationId,
    ...(exchange.caller === undefined ? {} : { _caller: exchange.caller }),
    ...(exchange.bodyCutAt === undefined ? {} : { _bodyCutAt: exchange.bodyCutAt }),
    ...(notes.length ? { _cut: cut, comment: notes.join("; ") } : {}),
  };
}
