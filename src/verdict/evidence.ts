import { stripVTControlCharacters } from "node:util";
import type { Exchange } from "../client/exchange";
import { redact } from "../core/secrets";
import { curlCommand } from "./curl";

/**
 * What the certificate shows for a requirement: one response of the
 * operation under test that a check judged, every part of it redacted.
 */
export interface Evidence {
  /** Whether the requirement was violated or held on this response. */
  outcome: "violation" | "pass";
  /** Method, path and query, relative to the target's base URL (the certificate names the base once). */
  request: string;
  status: number;
  /** The response body, whitespace collapsed, at most bodyExcerptLimit characters; for a body cut at the read cap, a note saying where. */
  body: string;
  /** The test it was seen in; the reporter adds it. */
  test?: string;
  /** One curl command that sends the request again, the base URL and any secret credential as shell variables. */
  curl?: string;
}

export const bodyExcerptLimit = 300;

export function evidenceOf(exchange: Exchange, baseUrl: string, outcome: Evidence["outcome"]): Evidence {
  const curl = curlCommand(exchange, baseUrl);
  return {
    outcome,
    request: redact(`${exchange.method} ${relativeUrl(exchange.url, baseUrl)}`),
    status: exchange.status,
    body: `${bodyExcerpt(exchange.text)}${exchange.bodyCutAt === undefined ? "" : ` (body cut at ${exchange.bodyCutAt} bytes)`}`,
    ...(curl === undefined ? {} : { curl }),
  };
}

export function bodyExcerpt(text: string, limit = bodyExcerptLimit): string {
  // Redacted before it is cut: a cut could split a secret and leave a part that no longer matches.
  // Control characters (a terminal's colour codes, say) would garble the certificate.
  const collapsed = stripVTControlCharacters(redact(text))
    // eslint-disable-next-line no-control-regex
    .replace(/[\s\u0000-\u001f\u007f]+/g, " ")
    .trim();
  return collapsed.length > limit ? `${collapsed.slice(0, limit - 1)}…` : collapsed;
}

function relativeUrl(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  if (base && url.startsWith(base)) {
    const rest = url.slice(base.length);
    return rest.startsWith("/") ? rest : `/${rest}`;
  }
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/**
 * Which of two responses a requirement's evidence is: the first one it was
 * violated on, else the first one it held on.
 */
export function preferredEvidence<E extends Pick<Evidence, "outcome">>(kept: E | undefined, next: E): E {
  return !kept || (kept.outcome === "pass" && next.outcome === "violation") ? next : kept;
}
