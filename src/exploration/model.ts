/**
 * The request model's vocabulary: the parts of a request a client controls,
 * a request being drawn up part by part, and what a class of values lets a
 * correct implementation answer. The classes themselves are data, in
 * request-classes.ts; how several classes combine into one expectation is
 * expectation.ts's.
 */
import type { RequirementId } from "../../generated/requirements";

/** Every part of a request a client controls, in the order a server meets them (the method and credential first). */
export const parts = [
  "method",
  "authorization",
  "itwinId",
  "groupId",
  "path",
  "query",
  "accept",
  "contentType",
  "headers",
  "body",
] as const;
export type Part = (typeof parts)[number];

/**
 * What a request of a class may be answered with, each judged under the
 * requirement of the catalog it comes from:
 * - valid: the documented request; the removal succeeds (204) and ends exactly the membership named.
 * - equivalent: the same request in another form the rules make equal (RFC 9110's case-insensitive scheme):
 *   answered as the valid one, under `requirement`.
 * - alternate: an id in another wire form (casing, braces, no hyphens): a success ends exactly the membership it
 *   names, a 4xx changes nothing; never a 5xx (`requirement`).
 * - lenient: outside the documented requests (a body on DELETE, an unknown query parameter, an unusual Accept):
 *   a success as the valid request, or any 4xx, documented or not, that changes nothing; never a 5xx.
 * - refused: must be refused with `status` ("4xx": any client error) and change nothing (`requirement`).
 * - safe: another method on the URL: any answer but a 5xx, and nothing changes (`requirement`).
 */
export type Outcome =
  | { kind: "valid" }
  | { kind: "equivalent"; requirement: RequirementId }
  | { kind: "alternate"; requirement: RequirementId }
  | { kind: "lenient" }
  | { kind: "refused"; status: 401 | 404 | "4xx"; requirement: RequirementId; code?: string }
  | { kind: "safe"; requirement: RequirementId };

/** The groups and credentials a request is drawn up with; the ids are the run's own, or name nothing. */
export interface ModelContext {
  itwinId: string;
  /** Another iTwin the admin administers, when the run knows one. */
  otherItwinId?: string;
  /** The membership a request names: a member group the run created (or, without state, an id that names nothing). */
  member: string;
  /** A member group the request must leave alone. */
  bystander: string;
  /** A group of the run that is no member. */
  nonMember: string;
  /** A role of the run, to name where a group is expected. */
  roleId: string;
  /** The admin's token, and credentials forged from it. */
  token: string;
  forged: { unknownKey: string; unsigned: string };
  /** An id that names nothing, new for each call. */
  unknownId(): string;
}

/** A request as it is drawn up: the wire form of each part. */
export interface Draft {
  method: string;
  /** The iTwin and group path segments, sent as written (percent-encoded where they need to be), with what a path class adds. */
  itwin: string;
  group: string;
  query?: string;
  /** Authorization: undefined the client's own bearer token, null none. */
  authorization?: string | null;
  /** The Authorization value is the admin's token under another form (a replay names the setting). */
  authorizationSetting?: string;
  headers: Record<string, string | null>;
  body?: string;
  /** The group whose membership the request names, when it names one of the run's. */
  names?: string;
}

/** One class of values of one part: how it writes the part, and what it lets the target answer. */
export interface RequestClass {
  part: Part;
  name: string;
  outcome: Outcome;
  /** Writes this part of the draft; `variant` (0 in the coverage phase) picks among the forms the class allows. */
  apply(draft: Draft, context: ModelContext, variant: number): void;
}

/** The documented request that removes `context.member`. */
export function validDraft(context: ModelContext): Draft {
  return {
    method: "DELETE",
    itwin: context.itwinId,
    group: context.member,
    headers: {},
    names: context.member,
  };
}
