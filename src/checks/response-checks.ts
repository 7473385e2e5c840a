/**
 * The checks the response observer runs on every response of the operation
 * under test (its own method; another method on its URL is left to
 * METHOD-NOT-ALLOWED). Each is a named unit with one job, reported under one
 * requirement id of specs/requirements.yaml.
 */
import type { ErrorObject } from "ajv";
import { operations } from "../../generated/operations";
import { validateErrorResponse } from "../../generated/validators";
import { isGuidLike } from "../core/ids";
import { isJsonMediaType } from "../core/media-types";
import { errorCode, jsonBody, type Exchange } from "../client/exchange";
import { parseRetryAfter } from "../core/retry-after";
import type { IdentityKey } from "../settings/identities";
import { problem, problemAlone, type Check } from "./check";

/** The caller of the exchanges of the identity that must be refused (src/settings/identities.ts). */
const refusedCaller: IdentityKey = "unprivileged";

function contentType(e: Exchange): string {
  return e.headers["content-type"] === undefined ? "no content type" : `content-type ${e.headers["content-type"]}`;
}

/** The operation's own method: another method on its URL is METHOD-NOT-ALLOWED's alone. */
export const isOperationMethod = (e: Exchange) => e.method === operations[e.operationId].method;

const isError = (e: Exchange) => isOperationMethod(e) && e.status >= 400;
const isNoContent = (e: Exchange) => isOperationMethod(e) && e.status === 204;
const isTooMany = (e: Exchange) => isOperationMethod(e) && e.status === 429;

export function formatAjvErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message ?? e.keyword}`).join("; ");
}

export const documentedStatus: Check = {
  name: "documented_status",
  requirement: "DOCUMENTED-STATUS",
  // What a malformed id is answered with is MALFORMED-ID's to judge: any client error.
  appliesTo: (e) => isOperationMethod(e) && pathIdsAreWellFormed(e),
  run(e) {
    // 403 InsufficientPermissions is what this API documents for its other writes, and a refusal of the
    // unprivileged identity: undocumented here, but AUTHZ-STATUS's to warn about, not a failure.
    if (e.status === 403 && (e.caller === refusedCaller || errorCode(e) === "InsufficientPermissions"))
      return undefined;
    const documented = Object.keys(operations[e.operationId].responses);
    if (documented.includes(String(e.status))) return undefined;
    return problem(
      `status ${e.status} is not documented for ${e.operationId} (documented: ${documented.join(", ")})`,
      `one of ${documented.join(", ")}`,
      String(e.status),
    );
  },
};

export const errorIsJson: Check = {
  name: "error_is_json",
  requirement: "ERROR-JSON",
  appliesTo: isError,
  run(e) {
    const expected = "a JSON error body";
    if (!isJsonMediaType(e.headers["content-type"]))
      return problem("error response is not declared as JSON", expected, contentType(e));
    if (e.bodyCutAt !== undefined)
      return problem(
        `error response body was cut at ${e.bodyCutAt} bytes, so it is not judged as JSON`,
        expected,
        `a body cut at ${e.bodyCutAt} bytes`,
      );
    if (jsonBody(e) === undefined)
      return problem("error response body does not parse as JSON", expected, "a body that does not parse as JSON");
    return undefined;
  },
};

export const errorMatchesSchema: Check = {
  name: "error_matches_schema",
  requirement: "ERROR-SCHEMA",
  appliesTo: isError,
  run(e) {
    const body = jsonBody(e);
    const expected = "an ErrorResponse body";
    if (e.bodyCutAt !== undefined)
      return problem(
        `error body was cut at ${e.bodyCutAt} bytes, so it is not judged as an ErrorResponse`,
        expected,
        `a body cut at ${e.bodyCutAt} bytes`,
      );
    if (body === undefined)
      return problem("error body is not JSON, so it cannot be an ErrorResponse", expected, "a body that is not JSON");
    if (validateErrorResponse(body)) return undefined;
    const errors = formatAjvErrors(validateErrorResponse.errors);
    return problem(`error body does not match ErrorResponse (${errors})`, expected, errors);
  },
};

export const noContentHasNoBody: Check = {
  name: "no_content_has_no_body",
  requirement: "REMOVE-NO-BODY",
  appliesTo: isNoContent,
  run(e) {
    // A client must ignore content after a 204, so announcing some is what can be seen of it.
    const length = e.headers["content-length"];
    const encoding = e.headers["transfer-encoding"];
    const expected = "no content";
    const announces = (header: string) => problem(`204 response announces content (${header})`, expected, header);
    if (e.text.length > 0) return problem("204 response carries a body", expected, `a body of ${e.text.length} chars`);
    if (length !== undefined && length.trim() !== "0") return announces(`Content-Length: ${length}`);
    if (encoding !== undefined) return announces(`Transfer-Encoding: ${encoding}`);
    return undefined;
  },
};

export const noContentLengthOn204: Check = {
  name: "no_content_length_on_204",
  requirement: "REMOVE-NO-CONTENT-LENGTH",
  appliesTo: isNoContent,
  run(e) {
    const length = e.headers["content-length"];
    if (length === undefined) return undefined;
    return problem(`204 response carries Content-Length: ${length}`, "no Content-Length", `Content-Length: ${length}`);
  },
};

export const retryAfterWholeSeconds: Check = {
  name: "retry_after_whole_seconds",
  requirement: "RATE-LIMIT-RETRY-AFTER",
  appliesTo: isTooMany,
  run(e) {
    const value = e.headers["retry-after"];
    const parsed = parseRetryAfter(value);
    if (parsed.ok) return undefined;
    const actual = value === undefined ? "no Retry-After" : `Retry-After: ${value}`;
    return problem(parsed.reason, "Retry-After in whole seconds", actual);
  },
};

export const rateLimitedHeaders: Check = {
  name: "rate_limited_headers",
  requirement: "RATE-LIMIT-HEADERS",
  appliesTo: isTooMany,
  run(e) {
    const wanted = ["tier", "api", "operation", "application"].map((part) => `itwinplatform-ratelimited-${part}`);
    const missing = wanted.filter((name) => e.headers[name] === undefined);
    if (!missing.length) return undefined;
    return problemAlone(`429 lacks ${missing.join(", ")}`, wanted.join(", "), `without ${missing.join(", ")}`);
  },
};

export const noEchoedCredential: Check = {
  name: "no_echoed_credential",
  requirement: "LEAK-TOKEN-ECHO",
  appliesTo: isOperationMethod,
  run(e) {
    // The exchange is redacted as received; echoedSecret says whether the raw answer held a credential.
    if (!e.echoedSecret) return undefined;
    return problem("the answer quotes a credential (redacted here)", "no credential in the answer", "a credential");
  },
};

export const bearerChallengeOn401: Check = {
  name: "bearer_challenge_on_401",
  requirement: "AUTH-WWW-AUTHENTICATE",
  appliesTo: (e) => isOperationMethod(e) && e.status === 401,
  run(e) {
    const challenge = e.headers["www-authenticate"];
    const expected = "WWW-Authenticate with a Bearer challenge";
    if (challenge === undefined) return problem("401 without WWW-Authenticate", expected, "no WWW-Authenticate");
    if (/(?:^|,)\s*Bearer(?:\s|,|$)/i.test(challenge)) return undefined;
    return problemAlone(
      `401 whose WWW-Authenticate offers no Bearer challenge (${challenge})`,
      expected,
      `WWW-Authenticate: ${challenge}`,
    );
  },
};

/** Run on every response of the operation under test, in this order. */
export const responseChecks: Check[] = [
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
