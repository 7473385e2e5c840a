/**
 * The checks the response observer runs on every response of the operation
 * under test. Each is a named unit with one job, reported under one
 * requirement id of specs/requirements.yaml.
 */
import type { ErrorObject } from "ajv";
import { operations } from "../../generated/operations";
import type { RequirementId } from "../../generated/requirements";
import { validateErrorResponse } from "../../generated/validators";
import { isGuidLike } from "../core/ids";
import { isJsonMediaType } from "../core/media-types";
import { describeExchange, errorCode, jsonBody, type Exchange } from "../client/exchange";
import type { IdentityKey } from "../settings/identities";

/** The caller of the exchanges of the identity that must be refused (src/settings/identities.ts). */
const refusedCaller: IdentityKey = "unprivileged";
import { parseRetryAfter } from "../core/retry-after";

export interface ResponseCheck {
  name: string;
  requirement: RequirementId;
  /** Whether the check has something to say about this response. */
  appliesTo(exchange: Exchange): boolean;
  /** A failure message, or undefined when the response passes. */
  run(exchange: Exchange): string | undefined;
}

const isError = (e: Exchange) => e.status >= 400;

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`).join("; ");
}

export const documentedStatus: ResponseCheck = {
  name: "documented_status",
  requirement: "DOCUMENTED-STATUS",
  // What a malformed id is answered with is MALFORMED-ID's to judge: any client error.
  appliesTo: (e) => pathIdsAreWellFormed(e),
  run(e) {
    // 403 InsufficientPermissions is what this API documents for its other writes, and a refusal of the
    // unprivileged identity: undocumented here, but AUTHZ-STATUS's to warn about, not a failure.
    if (e.status === 403 && (e.caller === refusedCaller || errorCode(e) === "InsufficientPermissions"))
      return undefined;
    const documented = Object.keys(operations[e.operationId].responses);
    return documented.includes(String(e.status))
      ? undefined
      : `status ${e.status} is not documented for ${e.operationId} (documented: ${documented.join(", ")}): ${describeExchange(e)}`;
  },
};

export const errorIsJson: ResponseCheck = {
  name: "error_is_json",
  requirement: "ERROR-JSON",
  appliesTo: isError,
  run(e) {
    if (!isJsonMediaType(e.headers["content-type"]))
      return `error response is not declared as JSON: ${describeExchange(e)}`;
    if (e.bodyCutAt !== undefined)
      return `error response body was cut at ${e.bodyCutAt} bytes, so it is not judged as JSON: ${describeExchange(e)}`;
    if (jsonBody(e) === undefined) return `error response body does not parse as JSON: ${describeExchange(e)}`;
    return undefined;
  },
};

export const errorMatchesSchema: ResponseCheck = {
  name: "error_matches_schema",
  requirement: "ERROR-SCHEMA",
  appliesTo: isError,
  run(e) {
    const body = jsonBody(e);
    if (e.bodyCutAt !== undefined)
      return `error body was cut at ${e.bodyCutAt} bytes, so it is not judged as an ErrorResponse: ${describeExchange(e)}`;
    if (body === undefined) return `error body is not JSON, so it cannot be an ErrorResponse: ${describeExchange(e)}`;
    if (validateErrorResponse(body)) return undefined;
    return `error body does not match ErrorResponse (${formatAjvErrors(validateErrorResponse.errors)}): ${describeExchange(e)}`;
  },
};

export const noContentHasNoBody: ResponseCheck = {
  name: "no_content_has_no_body",
  requirement: "REMOVE-NO-BODY",
  appliesTo: (e) => e.status === 204,
  run(e) {
    // A client must ignore content after a 204, so announcing some is what can be seen of it.
    const length = e.headers["content-length"];
    if (e.text.length > 0) return `204 response carries a body: ${describeExchange(e)}`;
    if (length !== undefined && length.trim() !== "0")
      return `204 response announces content (Content-Length: ${length}): ${describeExchange(e)}`;
    if (e.headers["transfer-encoding"] !== undefined)
      return `204 response announces content (Transfer-Encoding: ${e.headers["transfer-encoding"]}): ${describeExchange(e)}`;
    return undefined;
  },
};

export const noContentLengthOn204: ResponseCheck = {
  name: "no_content_length_on_204",
  requirement: "REMOVE-NO-CONTENT-LENGTH",
  appliesTo: (e) => e.status === 204,
  run(e) {
    const length = e.headers["content-length"];
    return length === undefined ? undefined : `204 response carries Content-Length: ${length}: ${describeExchange(e)}`;
  },
};

export const retryAfterWholeSeconds: ResponseCheck = {
  name: "retry_after_whole_seconds",
  requirement: "RATE-LIMIT-RETRY-AFTER",
  appliesTo: (e) => e.status === 429,
  run(e) {
    const parsed = parseRetryAfter(e.headers["retry-after"]);
    return parsed.ok ? undefined : `${parsed.reason}: ${describeExchange(e)}`;
  },
};

export const rateLimitedHeaders: ResponseCheck = {
  name: "rate_limited_headers",
  requirement: "RATE-LIMIT-HEADERS",
  appliesTo: (e) => e.status === 429,
  run(e) {
    const wanted = ["tier", "api", "operation", "application"].map((part) => `itwinplatform-ratelimited-${part}`);
    const missing = wanted.filter((name) => e.headers[name] === undefined);
    return missing.length ? `429 lacks ${missing.join(", ")}` : undefined;
  },
};

export const noEchoedCredential: ResponseCheck = {
  name: "no_echoed_credential",
  requirement: "LEAK-TOKEN-ECHO",
  appliesTo: () => true,
  run(e) {
    // The exchange is redacted as received; echoedSecret says whether the raw answer held a credential.
    return e.echoedSecret ? `the answer quotes a credential (redacted here): ${describeExchange(e)}` : undefined;
  },
};

export const bearerChallengeOn401: ResponseCheck = {
  name: "bearer_challenge_on_401",
  requirement: "AUTH-WWW-AUTHENTICATE",
  appliesTo: (e) => e.status === 401,
  run(e) {
    const challenge = e.headers["www-authenticate"];
    if (challenge === undefined) return `401 without WWW-Authenticate: ${describeExchange(e)}`;
    return /(?:^|,)\s*Bearer(?:\s|,|$)/i.test(challenge)
      ? undefined
      : `401 whose WWW-Authenticate offers no Bearer challenge (${challenge})`;
  },
};

/** Run on every response of the operation under test, in this order. */
export const responseChecks: ResponseCheck[] = [
  documentedStatus,
  errorIsJson,
  errorMatchesSchema,
  noContentHasNoBody,
  noContentLengthOn204,
  retryAfterWholeSeconds,
  rateLimitedHeaders,
  noEchoedCredential,
  bearerChallengeOn401,
];

/** Whether every id in the request's path (the template's {params}) looks like a GUID. */
export function pathIdsAreWellFormed(e: Exchange): boolean {
  const template = operations[e.operationId].path.split("/");
  const sent = new URL(e.url).pathname.split("/").slice(-template.length);
  return template.every((part, i) => {
    if (!part.startsWith("{")) return true;
    try {
      return isGuidLike(decodeURIComponent(sent[i] ?? ""));
    } catch {
      return false;
    }
  });
}
