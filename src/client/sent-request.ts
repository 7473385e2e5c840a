import { redact } from "../core/secrets";

/**
 * Where a request's Authorization came from, never its secret value: either a
 * value that holds no secret (a garbage or forged test credential the
 * redactor leaves alone), or a prefix followed by the value of a variable.
 */
export type SentAuthorization = { literal: string } | { prefix: string; variable: string };

/** What the suite sent, as a replay needs it. */
export interface SentRequest {
  /** The request headers as sent, Authorization excepted (see `authorization`). */
  headers: Record<string, string>;
  /** Absent when the request carried no Authorization. */
  authorization?: SentAuthorization;
  /** The body as sent, when there was one. */
  body?: string;
  /** When the request was sent (ms since the epoch) and how long until its answer was read. */
  startedAtMs: number;
  durationMs: number;
}

/** The admin identity's setting: a client's token comes from it unless the client says otherwise. */
export const adminCredentialSetting = "CONFORMANCE_TOKEN";

/**
 * The variable that stands for a secret credential that no setting gave (a
 * token the suite forged for a check and that the redactor hides: a JWT).
 */
export const forgedCredentialVariable = "FORGED_TOKEN";

/** How fetch sends a header value: leading and trailing blanks dropped (the Fetch standard's normalisation). */
export function normalisedHeaderValue(value: string): string {
  return value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, "");
}

/**
 * Where `value` (an Authorization header as sent) came from. `token`: the
 * client's own credential, from setting `setting`; `explicitSetting`: the
 * setting an explicitly given value came from, if any. A value the redactor
 * leaves alone is no secret and stays literal; a secret is never returned.
 */
export function sentAuthorization(
  value: string,
  token: string,
  setting: string,
  explicitSetting?: string,
): SentAuthorization {
  if (redact(value) === value) return { literal: value };
  const at = token.length >= 8 ? value.lastIndexOf(token) : -1;
  if (at >= 0 && at + token.length === value.length) return safe(value.slice(0, at), setting);
  // "<scheme> <credential>": the scheme stays, the credential becomes the variable.
  const scheme = /^(\S+\s+)\S/.exec(value)?.[1] ?? "";
  return safe(scheme, explicitSetting ?? forgedCredentialVariable);
}

function safe(prefix: string, variable: string): SentAuthorization {
  // A prefix that holds a secret itself is dropped: the variable then stands for the whole value.
  return redact(prefix) === prefix ? { prefix, variable } : { prefix: "", variable };
}
