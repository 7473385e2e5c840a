import type { RequirementId } from "../../generated/requirements";

/**
 * Why the proxy skipped a requirement, one entry per requirement of the
 * catalog (the type makes it every one): `traffic`, for a requirement a
 * proxy check judges, names the exchange that would have shown it ("no …
 * went through the proxy"); `needs`, for one no single exchange can show,
 * says what a run of the suite does that passing traffic does not. A test
 * holds the two kinds to the proxy's checks (tests/unit/proxy-not-observed.spec.ts).
 */
export type Observation = { traffic: string } | { needs: string };

const byTheSuite = (what: string): Observation => ({ needs: what });

export const observations: Record<RequirementId, Observation> = {
  "REMOVE-204": { traffic: "removal of an existing membership (a 2xx answer)" },
  "REMOVE-NO-BODY": { traffic: "204 answer of the operation" },
  "REMOVE-NO-CONTENT-LENGTH": { traffic: "204 answer of the operation" },
  "REMOVE-MEMBERSHIP-GONE": byTheSuite("a second removal and a lookup of the membership after a removal"),
  "REMOVE-GROUP-KEPT": byTheSuite("a lookup of the group after its removal from the iTwin"),
  "REMOVE-OTHERS-KEPT": byTheSuite("the iTwin's other memberships listed before and after a removal"),
  "NO-CHANGE-ON-ERROR": byTheSuite(
    "the memberships read back after a refused request, which traffic alone cannot tell",
  ),
  "AUTH-SCHEME-SYNTAX": byTheSuite(
    "a valid token sent with another case of the scheme, which the suite's exploration sends",
  ),
  "AUTH-MISSING-HEADER": { traffic: "request of the operation without an Authorization header" },
  "AUTH-INVALID-TOKEN": {
    traffic: "request of the operation with a credential that is not a Bearer token, unsigned or expired",
  },
  "AUTH-BEFORE-EXISTENCE": { traffic: "request of the operation without an Authorization header" },
  "NOT-FOUND-ITWIN": byTheSuite("an iTwin known not to exist, which traffic alone cannot tell"),
  "NOT-FOUND-GROUP": byTheSuite("a group known not to exist, which traffic alone cannot tell"),
  "NOT-FOUND-NON-MEMBER": byTheSuite("a group known to exist outside the iTwin, which traffic alone cannot tell"),
  "MALFORMED-ID": { traffic: "request of the operation with an id that is not a GUID" },
  "GUID-CASING": { traffic: "request of the operation with a GUID in upper or mixed case" },
  "AUTHZ-REFUSED": byTheSuite("an identity known to lack the permission, and the membership looked up after"),
  "AUTHZ-PERMISSION-REMOVES": byTheSuite("an identity known to hold the permission through a role"),
  "AUTHZ-ORG-ADMIN-REMOVES": byTheSuite("an identity known to be an Organization Administrator"),
  "AUTHZ-STATUS": { traffic: "refusal (403) of the operation" },
  "ISOLATION-ITWIN": byTheSuite("a membership addressed through another iTwin's path, looked up after"),
  "LEAK-401-UNIFORM": byTheSuite("401 answers compared for iTwins and groups known to exist and not to"),
  "LEAK-TOKEN-ECHO": { traffic: "answer of the operation" },
  "AUTH-WWW-AUTHENTICATE": { traffic: "401 answer of the operation" },
  "METHOD-NOT-ALLOWED": { traffic: "PUT or POST on the member URL with a credential" },
  "RATE-LIMIT-429": byTheSuite("requests sent past the rate limit on purpose"),
  "RATE-LIMIT-RETRY-AFTER": { traffic: "429 answer of the operation" },
  "RATE-LIMIT-RECOVERY": byTheSuite("a request sent once Retry-After has passed"),
  "RATE-LIMIT-HEADERS": { traffic: "429 answer of the operation" },
  "ERROR-JSON": { traffic: "error answer of the operation" },
  "ERROR-SCHEMA": { traffic: "error answer of the operation" },
  "DOCUMENTED-STATUS": { traffic: "answer of the operation to well-formed ids" },
};

/** The reason of a requirement the proxy skipped: what traffic would have shown it, or why none can. */
export function notObservedReason(id: RequirementId): string {
  const observation = observations[id];
  return "traffic" in observation
    ? `not observed: no ${observation.traffic} went through the proxy`
    : `not observed: a proxy cannot judge it from traffic; a run of the suite does, with ${observation.needs}`;
}
