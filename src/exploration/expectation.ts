/**
 * What a correct implementation may answer to a request made of several
 * classes, and the judgement of an answer and of the state change it caused.
 * Only requirements of the catalog are judged: each problem names the one
 * whose rule it breaks.
 */
import type { RequirementId } from "../../generated/requirements";
import { parts, type Outcome, type RequestClass } from "./model";

export interface Expectation {
  /** Whether the removal may succeed: then a 204 must end exactly the membership named. */
  successAllowed: boolean;
  /** Whether a success is the only right answer (every part valid, or equal to the valid form). */
  successRequired: boolean;
  /** The statuses a refusal may have: one status, or any 4xx. */
  refusal: 401 | 404 | "4xx";
  /** The error code a refusal must carry, when the catalog names one. */
  code?: string;
  /** Whether an answer the documentation does not list (a 4xx) is reasonable here: the response checks must not count it. */
  undocumentedAllowed: boolean;
  /** Whether the method is another than DELETE: any answer but a 5xx, and nothing changes. */
  safe: boolean;
  /** The requirement a wrong status breaks. */
  requirement: RequirementId;
}

/** The change a request caused in the memberships the run owns. */
export interface StateChange {
  /** Whether the membership the request names ended. */
  namedEnded: boolean;
  /** Other memberships that ended or changed their roles, described. */
  othersChanged: string[];
}

export interface Problem {
  requirement: RequirementId;
  message: string;
}

const order = (c: RequestClass) => parts.indexOf(c.part);

/** The expectation of a request made of `classes` (one per part, the valid ones included or not). */
export function expectationOf(classes: readonly RequestClass[]): Expectation {
  const outcomes = [...classes].sort((a, b) => order(a) - order(b)).map((c) => c.outcome);
  const kinds = new Set(outcomes.map((o) => o.kind));
  const refused = outcomes.filter((o): o is Extract<Outcome, { kind: "refused" }> => o.kind === "refused");
  const safe = outcomes.find((o) => o.kind === "safe");
  const loose = kinds.has("lenient") || kinds.has("alternate");
  const first = refused[0];
  const blame = outcomes.find((o) => o.kind === "equivalent" || o.kind === "alternate");
  const requirement: RequirementId =
    (safe && "requirement" in safe && safe.requirement) ||
    first?.requirement ||
    (blame && "requirement" in blame ? blame.requirement : "REMOVE-204");
  // One refusal alone is answered with its own status; with a wrong credential and ids that are merely
  // unknown, authentication comes first (AUTH-BEFORE-EXISTENCE); any other mix may be any client error.
  const credential = refused.find((o) => o.status === 401);
  const onlyNotFoundBesides = refused.every((o) => o === credential || o.status === 404);
  let refusal: Expectation["refusal"] = "4xx";
  let code: string | undefined;
  let refusedUnder = requirement;
  if (first && refused.length === 1 && !loose) ({ status: refusal, code } = first);
  else if (credential && onlyNotFoundBesides && !loose) {
    refusal = 401;
    refusedUnder = "AUTH-BEFORE-EXISTENCE";
  }
  return {
    successAllowed: !first && !safe,
    successRequired: !first && !safe && !loose,
    refusal,
    ...(code ? { code } : {}),
    undocumentedAllowed: loose,
    safe: !!safe,
    requirement: refusedUnder,
  };
}

/** The problems of an answer (`status`, its error `code`) and of the change it caused. */
export function judge(expected: Expectation, status: number, code: string | undefined, change: StateChange): Problem[] {
  const problems: Problem[] = [];
  const problem = (requirement: RequirementId, message: string) => problems.push({ requirement, message });
  const success = status >= 200 && status < 300;
  if (status >= 500) problem(expected.requirement, `answered ${status}: a server error is never a right answer`);
  else if (expected.safe) {
    // Another method: what it answers is METHOD-NOT-ALLOWED's own test's; here only that it changes nothing.
  } else if (success && !expected.successAllowed)
    problem(expected.requirement, `answered ${status}, though it must be refused (${describeRefusal(expected)})`);
  else if (!success && expected.successRequired)
    problem(expected.requirement, `answered ${status}, though it is a valid removal (204)`);
  else if (!success && expected.successAllowed && (status < 400 || status >= 500))
    problem(expected.requirement, `answered ${status}: neither a success nor a client error`);
  else if (!success && !expected.successAllowed) {
    const right = expected.refusal === "4xx" ? status >= 400 && status < 500 : status === expected.refusal;
    if (!right)
      problem(expected.requirement, `answered ${status}, though it must be refused (${describeRefusal(expected)})`);
    else if (expected.code && code !== expected.code)
      problem(expected.requirement, `answered ${status} with code ${code ?? "(none)"}, not ${expected.code}`);
  }
  const changed = change.namedEnded || change.othersChanged.length > 0;
  if (!success && changed) {
    const what = [...(change.namedEnded ? ["the membership it names ended"] : []), ...change.othersChanged];
    const under: RequirementId = expected.safe || expected.successAllowed ? "NO-CHANGE-ON-ERROR" : expected.requirement;
    problem(under, `answered ${status}, yet ${what.join("; ")}`);
  }
  if (success && !expected.safe) {
    if (status === 204 && !change.namedEnded && expected.successAllowed)
      problem("REMOVE-MEMBERSHIP-GONE", "answered 204, yet the membership it names is still there");
    if (change.othersChanged.length)
      problem("REMOVE-OTHERS-KEPT", `answered ${status}, and ${change.othersChanged.join("; ")}`);
  }
  if (success && expected.safe && changed)
    problem(
      "NO-CHANGE-ON-ERROR",
      `another method answered ${status} and changed memberships: ${describeChange(change)}`,
    );
  return problems;
}

function describeRefusal(expected: Expectation): string {
  const status = expected.refusal === "4xx" ? "a client error" : String(expected.refusal);
  return expected.code ? `${status} ${expected.code}` : status;
}

function describeChange(change: StateChange): string {
  return [...(change.namedEnded ? ["the membership it names ended"] : []), ...change.othersChanged].join("; ");
}
