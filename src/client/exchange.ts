import type { OperationId } from "../../generated/operations";
import { redact } from "../core/secrets";
import type { SentRequest } from "./sent-request";

/** One request the suite sent and the response it got, as the checks see it. */
export interface Exchange {
  operationId: OperationId;
  method: string;
  /** The URL as sent; it never holds a credential. */
  url: string;
  status: number;
  /** Response headers, names lower-cased; redacted. */
  headers: Record<string, string>;
  /** The body, redacted: a target may echo a credential, and what checks assert on reaches Playwright's reports. */
  text: string;
  /** Whether the answer, as received, held a secret of the run, the credential the request sent, or anything shaped like a token (all redacted in `text` and `headers`). */
  echoedSecret?: boolean;
  /** Set when the body went on past the read cap (maxAnswerBodyBytes): the bytes read, which `text` decodes; the rest was never read. */
  bodyCutAt?: number;
  /** Who sent it, when not the admin identity: "unprivileged" for the authorization checks. */
  caller?: string;
  /** What was sent (headers, body, where the credential came from) and when: for a replay and the exchange log. */
  request?: SentRequest;
}

export function describeExchange(exchange: Exchange, bodyLimit = 600): string {
  // Redacted before it is cut: a cut could split a secret and leave a part that no longer matches.
  const text = redact(exchange.text);
  const body = text.length > bodyLimit ? `${text.slice(0, bodyLimit)}… (${text.length} chars)` : text;
  const type = exchange.headers["content-type"] ?? "none";
  const label = exchange.bodyCutAt === undefined ? "body" : `body cut at ${exchange.bodyCutAt} bytes`;
  return redact(
    `${exchange.method} ${exchange.url} → ${exchange.status} (content-type: ${type}) ${label}: ${body === "" ? "(empty)" : body}`,
  );
}

/** The parsed JSON body, or undefined when the body is not JSON or was cut. */
export function jsonBody(exchange: Exchange): unknown {
  // What was read of a cut body may parse (a document padded with endless blanks), but the body is more than that.
  if (exchange.bodyCutAt !== undefined) return undefined;
  try {
    return JSON.parse(exchange.text);
  } catch {
    return undefined;
  }
}

/** The error code of an ErrorResponse body, or undefined. */
export function errorCode(exchange: Exchange): string | undefined {
  const body = jsonBody(exchange) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === "string" ? body.error.code : undefined;
}
