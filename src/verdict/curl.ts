import type { Exchange } from "../client/exchange";
import type { SentAuthorization } from "../client/sent-request";
import { dotSegment } from "../client/fetch-as-written";
import { redact } from "../core/secrets";

/** The variable a replay reads the target's base URL from. */
export const baseUrlVariable = "CONFORMANCE_BASE_URL";

/** `text` as one POSIX shell word: single-quoted, an embedded single quote written '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `text` inside double quotes, where $, `, " and \ would otherwise mean something. */
function doubleQuoted(text: string): string {
  return text.replace(/[$`"\\]/g, (c) => `\\${c}`);
}

function authorizationArgument(from: SentAuthorization): string {
  if ("literal" in from) return shellQuote(`Authorization: ${from.literal}`);
  return `"Authorization: ${doubleQuoted(from.prefix)}$${from.variable}"`;
}

/**
 * One curl command that sends the exchange's request again: the method, the
 * URL with the base URL as $CONFORMANCE_BASE_URL, the headers the suite sent
 * (the credential as the variable of the setting it came from) and the body.
 * Undefined when the exchange does not say what was sent.
 */
export function curlCommand(exchange: Exchange, baseUrl: string): string | undefined {
  const sent = exchange.request;
  if (!sent) return undefined;
  const base = baseUrl.replace(/\/+$/, "");
  const relative = base && exchange.url.startsWith(base) ? exchange.url.slice(base.length) : undefined;
  const url = relative === undefined ? shellQuote(exchange.url) : `"$${baseUrlVariable}"${shellQuote(relative)}`;
  const path = relative ?? exchange.url;
  const words = ["curl", "-sS", "-i", "-X", exchange.method];
  // Byte for byte: no resolving of dot segments, no globbing of brackets and braces.
  // curl resolves dot segments unless told not to.
  if (dotSegment.test(path)) words.push("--path-as-is");
  if (/[[\]{}]/.test(path)) words.push("--globoff");
  for (const [name, value] of Object.entries(sent.headers)) words.push("-H", shellQuote(`${name}: ${value}`));
  if (sent.authorization) words.push("-H", authorizationArgument(sent.authorization));
  if (sent.body !== undefined) words.push("--data-binary", shellQuote(sent.body));
  words.push(url);
  // Whatever the redactor would hide never reaches a report; a replay of a redacted body is only as good as the redaction.
  return redact(words.join(" "));
}
