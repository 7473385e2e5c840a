import { redact } from "../core/secrets";
import { errorCode, jsonBody, type Exchange } from "./exchange";

/**
 * Answers that no deployment of the Access Control API gives, told apart
 * from answers that are the API's even when they are wrong. A setup that
 * meets one is pointed at the wrong place (a base URL without its path, a
 * sign-in page, a host that answers everything with an empty 404): the run
 * stops with a setup error instead of judging what is not the API.
 */

/** The not-found codes of the API's operations (the operation's page and its siblings'). */
export const apiNotFoundCodes: readonly string[] = [
  "ItwinNotFound",
  "TeamMemberNotFound",
  "GroupNotFound",
  "RoleNotFound",
  "PermissionNotFound",
];

/**
 * What makes `exchange` an answer the API never gives, where the API answers
 * JSON: a redirect (a sign-in page, a gateway), an HTML page, an empty body or
 * a body that is not JSON. Undefined for a JSON answer, and for a 2xx without a
 * body. Says nothing of whether a JSON answer is right: that is for the checks.
 */
export function foreignAnswer(exchange: Exchange): string | undefined {
  const type = (exchange.headers["content-type"] ?? "").toLowerCase();
  if (exchange.status >= 300 && exchange.status < 400) {
    const location = exchange.headers["location"];
    return `a redirect${location ? ` to ${location}` : " without a Location"}`;
  }
  if (exchange.text.trim() === "") return exchange.status < 300 ? undefined : "an empty body";
  if (type.includes("html") || /^\s*<(!doctype|html|head|body)\b/i.test(exchange.text)) {
    const title = /<title[^>]*>([^<]{0,80})/i.exec(exchange.text)?.[1]?.trim();
    return `an HTML page${title ? ` titled ${JSON.stringify(title)}` : ""}`;
  }
  if (jsonBody(exchange) === undefined) return `a body that is not JSON (content-type: ${type || "none"})`;
  return undefined;
}

/**
 * What makes `exchange` the answer of a route the target does not have: an
 * answer the API never gives, a 405, or a 404 that none of the API's
 * not-found codes explains (a web server's or a gateway's own 404).
 */
export function missingRoute(exchange: Exchange): string | undefined {
  const foreign = foreignAnswer(exchange);
  if (foreign) return foreign;
  if (exchange.status === 405) return "405 Method Not Allowed";
  const code = errorCode(exchange);
  if (exchange.status === 404 && !apiNotFoundCodes.includes(code ?? "")) {
    return `404 with ${code ? `code ${code}` : "no error code"}, which is none of the API's`;
  }
  return undefined;
}

/** `exchange` in one line for a setup message: the request's path under `baseUrl`, the status and what came with it. */
export function quoteAnswer(exchange: Exchange, baseUrl: string, why?: string): string {
  const pathUnder = exchange.url.startsWith(baseUrl) ? exchange.url.slice(baseUrl.length) : exchange.url;
  const code = errorCode(exchange);
  const text = exchange.text.replace(/\s+/g, " ").trim();
  const body = text === "" ? "" : `: ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`;
  return redact(
    `${exchange.method} ${pathUnder} answered ${exchange.status}${code ? ` ${code}` : ""}${why ? ` (${why})` : ""}${body}`,
  );
}

/** The other base URL a user may have meant: with the API's `/accesscontrol` path added, or one removed. */
export function alternateBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  return /\/accesscontrol$/i.test(trimmed) ? trimmed.replace(/\/accesscontrol$/i, "") : `${trimmed}/accesscontrol`;
}
