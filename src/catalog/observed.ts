/**
 * The requirements the response observer judges (src/checks/response-checks.ts)
 * have no test of their own: every response of the operation under test is
 * checked against them. So that `--grep @ERROR-SCHEMA` still runs something,
 * each is declared here with the requirements whose tests provoke the
 * responses it judges; tags() in src/suite/fixtures.ts gives those tests the
 * observer's tag too, in the form `@<id>(observed)`.
 */
import type { RequirementId } from "../../generated/requirements";

/** The tests whose answers are errors of the operation: 401s, 404s, hostile ids, refusals, 429s. */
const answeredWithAnError: readonly RequirementId[] = [
  "AUTH-MISSING-HEADER",
  "AUTH-INVALID-TOKEN",
  "AUTH-BEFORE-EXISTENCE",
  "LEAK-401-UNIFORM",
  "NOT-FOUND-ITWIN",
  "NOT-FOUND-GROUP",
  "NOT-FOUND-NON-MEMBER",
  "MALFORMED-ID",
  "AUTHZ-REFUSED",
  "ISOLATION-ITWIN",
  "RATE-LIMIT-429",
];

/** Those of them that send well-formed ids: what a malformed id is answered with is MALFORMED-ID's to judge. */
const answeredWithAnErrorToWellFormedIds = answeredWithAnError.filter((id) => id !== "MALFORMED-ID");

/** The tests that are answered 401. */
const answeredWith401: readonly RequirementId[] = [
  "AUTH-MISSING-HEADER",
  "AUTH-INVALID-TOKEN",
  "AUTH-BEFORE-EXISTENCE",
  "LEAK-401-UNIFORM",
];

/** Each observer requirement, and the requirements whose tests provoke what it judges. */
export const observedIn: Partial<Record<RequirementId, readonly RequirementId[]>> = {
  "DOCUMENTED-STATUS": answeredWithAnErrorToWellFormedIds,
  "ERROR-JSON": answeredWithAnError,
  "ERROR-SCHEMA": answeredWithAnError,
  // Every response is searched for a credential; the tests that send bad ones are where an echo is likeliest.
  "LEAK-TOKEN-ECHO": answeredWithAnError,
  "AUTH-WWW-AUTHENTICATE": answeredWith401,
  "REMOVE-NO-CONTENT-LENGTH": ["REMOVE-204"],
};

/** The tag by which a test is selected for an observer requirement it provokes, e.g. `@ERROR-SCHEMA(observed)`. */
export function observedTag(id: RequirementId): string {
  return `@${id}(observed)`;
}

/** The observer requirements the tests of `ids` provoke. */
export function observedBy(ids: readonly RequirementId[]): RequirementId[] {
  return (Object.keys(observedIn) as RequirementId[]).filter(
    (observed) => !ids.includes(observed) && observedIn[observed]!.some((id) => ids.includes(id)),
  );
}
