/**
 * What the traffic itself shows, beyond the response checks: checks that
 * can be judged from one exchange of the operation under test, without
 * provoking anything, from what its request carried. Each is a named unit
 * with one job, reported under one requirement id. What a response alone
 * shows is response-checks.ts's; the proxy runs those too.
 */
import { operations } from "../../generated/operations";
import type { RequirementId } from "../../generated/requirements";
import { describeExchange, errorCode } from "../client/exchange";
import { isGuidLike } from "../core/ids";
import { pathIdsAreWellFormed } from "../checks/response-checks";
import type { ProxyExchange } from "./exchange-capture";

export interface TrafficCheck {
  name: string;
  requirement: RequirementId;
  appliesTo(exchange: ProxyExchange): boolean;
  /** A failure message, or undefined when the exchange passes. */
  run(exchange: ProxyExchange): string | undefined;
}

/** The operation's own method: another method on its URL is METHOD-NOT-ALLOWED's alone. */
const isOperationMethod = (e: ProxyExchange) => e.method === operations[e.operationId].method;
/** A 429 may come before authentication is decided: it says nothing about it. */
const notThrottled = (e: ProxyExchange) => e.status !== 429;

export const missingHeaderAnswersHeaderNotFound: TrafficCheck = {
  name: "missing_header_answers_header_not_found",
  requirement: "AUTH-MISSING-HEADER",
  appliesTo: (e) => isOperationMethod(e) && e.credential === null && notThrottled(e),
  run(e) {
    if (e.status === 401 && errorCode(e) === "HeaderNotFound") return undefined;
    return `a request without Authorization answered ${e.status} ${errorCode(e) ?? "(no error code)"}, not 401 HeaderNotFound: ${describeExchange(e)}`;
  },
};

export const anonymousNeverNotFound: TrafficCheck = {
  name: "anonymous_never_not_found",
  requirement: "AUTH-BEFORE-EXISTENCE",
  appliesTo: (e) => isOperationMethod(e) && e.credential === null && (e.status === 401 || e.status === 404),
  run: (e) =>
    e.status === 404
      ? `a request without Authorization answered 404: existence was decided before authentication: ${describeExchange(e)}`
      : undefined,
};

export const invalidCredentialRefused: TrafficCheck = {
  name: "invalid_credential_refused",
  requirement: "AUTH-INVALID-TOKEN",
  appliesTo: (e) => isOperationMethod(e) && notThrottled(e) && invalidCredential(e) !== undefined,
  run: (e) =>
    e.status === 401
      ? undefined
      : `a request with ${invalidCredential(e)} answered ${e.status}, not 401: ${describeExchange(e)}`,
};

/** What is wrong with the request's credential, as far as it shows without a key: a scheme, an expiry, a signature. */
function invalidCredential(e: ProxyExchange): string | undefined {
  const c = e.credential;
  if (!c) return undefined;
  if (c.scheme.toLowerCase() !== "bearer") return c.scheme ? `the ${c.scheme} scheme` : "a credential without a scheme";
  if (!c.hasCredential) return "the Bearer scheme and no credential";
  if (c.unsigned) return "an unsigned JWT (alg none)";
  // A minute of grace for the clocks of the client, the proxy and the target.
  if (c.expiresAt !== undefined && c.expiresAt * 1000 < Date.now() - 60_000) return "an expired JWT";
  return undefined;
}

export const successIsNoContent: TrafficCheck = {
  name: "success_is_no_content",
  requirement: "REMOVE-204",
  appliesTo: (e) => isOperationMethod(e) && e.status >= 200 && e.status < 300,
  run: (e) => (e.status === 204 ? undefined : `a removal answered ${e.status}, not 204: ${describeExchange(e)}`),
};

export const hostileIdIsClientError: TrafficCheck = {
  name: "hostile_id_is_client_error",
  requirement: "MALFORMED-ID",
  appliesTo: (e) => isOperationMethod(e) && notThrottled(e) && !pathIdsAreWellFormed(e),
  run: (e) =>
    e.status >= 400 && e.status < 500
      ? undefined
      : `an id that is not a GUID answered ${e.status}, not a client error: ${describeExchange(e)}`,
};

export const guidCasingNeverServerError: TrafficCheck = {
  name: "guid_casing_never_server_error",
  requirement: "GUID-CASING",
  appliesTo: (e) => isOperationMethod(e) && pathIdsAreWellFormed(e) && hasUpperCaseGuid(e),
  run: (e) => (e.status < 500 ? undefined : `a GUID in upper case answered ${e.status}: ${describeExchange(e)}`),
};

function hasUpperCaseGuid(e: ProxyExchange): boolean {
  return new URL(e.url).pathname.split("/").some((segment) => {
    const id = safeDecode(segment);
    return id !== undefined && isGuidLike(id) && id !== id.toLowerCase();
  });
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export const refusalIsNotForbidden: TrafficCheck = {
  name: "refusal_is_not_forbidden",
  requirement: "AUTHZ-STATUS",
  appliesTo: (e) => isOperationMethod(e) && e.status === 403,
  run: (e) => `a refusal answered 403, which the operation does not document (401 or 404): ${describeExchange(e)}`,
};

export const undeclaredMethodAnswers405: TrafficCheck = {
  name: "undeclared_method_answers_405",
  requirement: "METHOD-NOT-ALLOWED",
  // The proxy sends these exchanges only for a method no operation declares on the URL (match.ts).
  appliesTo: (e) => !isOperationMethod(e) && e.credential !== null && notThrottled(e),
  run(e) {
    if (e.status !== 405) return `${e.method} on the member URL answered ${e.status}, not 405: ${describeExchange(e)}`;
    return e.headers.allow === undefined ? `405 without an Allow header: ${describeExchange(e)}` : undefined;
  },
};

/** Run, after the response checks, on every exchange of the operation under test (and on its URL), in this order. */
export const trafficChecks: TrafficCheck[] = [
  missingHeaderAnswersHeaderNotFound,
  anonymousNeverNotFound,
  invalidCredentialRefused,
  successIsNoContent,
  hostileIdIsClientError,
  guidCasingNeverServerError,
  refusalIsNotForbidden,
  undeclaredMethodAnswers405,
];
