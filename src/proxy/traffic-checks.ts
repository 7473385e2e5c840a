/**
 * What the traffic itself shows, beyond the response checks: checks that
 * can be judged from one exchange of the operation under test, without
 * provoking anything, from what its request carried. Each is a named unit
 * with one job, reported under one requirement id. What a response alone
 * shows is response-checks.ts's; the proxy runs those too.
 */
import { errorCode } from "../client/exchange";
import { isGuidLike } from "../core/ids";
import { problem, type Check } from "../checks/check";
import { isOperationMethod, pathIdsAreWellFormed, responseChecks } from "../checks/response-checks";
import type { ProxyExchange } from "./exchange-capture";

/** A check of what an exchange's request carried as well as its answer. */
export type TrafficCheck = Check<ProxyExchange>;
/** A 429 may come before authentication is decided: it says nothing about it. */
const notThrottled = (e: ProxyExchange) => e.status !== 429;

export const missingHeaderAnswersHeaderNotFound: TrafficCheck = {
  name: "missing_header_answers_header_not_found",
  requirement: "AUTH-MISSING-HEADER",
  appliesTo: (e) => isOperationMethod(e) && e.credential === null && notThrottled(e),
  run(e) {
    if (e.status === 401 && errorCode(e) === "HeaderNotFound") return undefined;
    const answered = `${e.status} ${errorCode(e) ?? "(no error code)"}`;
    return problem(
      `a request without Authorization answered ${answered}, not 401 HeaderNotFound`,
      "401 HeaderNotFound",
      answered,
    );
  },
};

export const anonymousNeverNotFound: TrafficCheck = {
  name: "anonymous_never_not_found",
  requirement: "AUTH-BEFORE-EXISTENCE",
  appliesTo: (e) => isOperationMethod(e) && e.credential === null && (e.status === 401 || e.status === 404),
  run: (e) =>
    e.status === 404
      ? problem(
          "a request without Authorization answered 404: existence was decided before authentication",
          "401",
          "404",
        )
      : undefined,
};

export const invalidCredentialRefused: TrafficCheck = {
  name: "invalid_credential_refused",
  requirement: "AUTH-INVALID-TOKEN",
  appliesTo: (e) => isOperationMethod(e) && notThrottled(e) && invalidCredential(e) !== undefined,
  run: (e) =>
    e.status === 401
      ? undefined
      : problem(`a request with ${invalidCredential(e)} answered ${e.status}, not 401`, "401", String(e.status)),
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
  run: (e) =>
    e.status === 204 ? undefined : problem(`a removal answered ${e.status}, not 204`, "204", String(e.status)),
};

export const hostileIdIsClientError: TrafficCheck = {
  name: "hostile_id_is_client_error",
  requirement: "MALFORMED-ID",
  appliesTo: (e) => isOperationMethod(e) && notThrottled(e) && !pathIdsAreWellFormed(e),
  run: (e) =>
    e.status >= 400 && e.status < 500
      ? undefined
      : problem(`an id that is not a GUID answered ${e.status}, not a client error`, "4xx", String(e.status)),
};

export const guidCasingNeverServerError: TrafficCheck = {
  name: "guid_casing_never_server_error",
  requirement: "GUID-CASING",
  appliesTo: (e) => isOperationMethod(e) && pathIdsAreWellFormed(e) && hasUpperCaseGuid(e),
  run: (e) =>
    e.status < 500 ? undefined : problem(`a GUID in upper case answered ${e.status}`, "below 500", String(e.status)),
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
  run: () => problem("a refusal answered 403, which the operation does not document (401 or 404)", "401 or 404", "403"),
};

export const undeclaredMethodAnswers405: TrafficCheck = {
  name: "undeclared_method_answers_405",
  requirement: "METHOD-NOT-ALLOWED",
  // The proxy sends these exchanges only for a method no operation declares on the URL (match.ts).
  appliesTo: (e) => !isOperationMethod(e) && e.credential !== null && notThrottled(e),
  run(e) {
    if (e.status !== 405)
      return problem(`${e.method} on the member URL answered ${e.status}, not 405`, "405", String(e.status));
    return e.headers.allow === undefined
      ? problem("405 without an Allow header", "405 with Allow", "405 without Allow")
      : undefined;
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

/** What the proxy runs on every exchange of the operation under test (and on its URL): the response checks, then the traffic checks. */
export const proxyChecks: TrafficCheck[] = [...responseChecks, ...trafficChecks];
