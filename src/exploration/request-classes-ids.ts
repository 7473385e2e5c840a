/**
 * The classes of the two path ids: the valid ones (the run's own, another
 * iTwin's, unknown, another kind of object's), every wire form of a GUID, and
 * the malformed ones (type, length, encoding, character set, structure).
 */
import type { Draft, ModelContext, Outcome, RequestClass } from "./model";

type IdPart = "itwinId" | "groupId";

const malformed: Outcome = { kind: "refused", status: "4xx", requirement: "MALFORMED-ID" };
const casing: Outcome = { kind: "alternate", requirement: "GUID-CASING" };
const wireForm: Outcome = { kind: "alternate", requirement: "MALFORMED-ID" };

/** The upper-case letters of a GUID at the positions `variant`'s bits pick (never all, never none). */
function mixedCase(id: string, variant: number): string {
  let bit = 0;
  const mixed = [...id].map((ch) => (/[a-f]/.test(ch) && (variant >> (bit++ % 16)) & 1 ? ch.toUpperCase() : ch));
  const text = mixed.join("");
  return text === id || text === id.toUpperCase() ? id.replace(/[a-f]/, (c) => c.toUpperCase()) : text;
}

/** Every character percent-encoded: equivalent to the GUID itself (RFC 3986 §2.3, §6.2.2.2). */
const percentEncoded = (id: string) => [...id].map((ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`).join("");

/** Wire forms of a GUID that real clients and frameworks produce; each may name the object, or be refused. */
function wireForms(part: IdPart, of: (d: Draft) => string, set: (d: Draft, value: string) => void): RequestClass[] {
  const form = (name: string, outcome: Outcome, write: (id: string, variant: number) => string): RequestClass => ({
    part,
    name,
    outcome,
    apply: (d, _, variant) => set(d, write(of(d), variant)),
  });
  return [
    form("upper case", casing, (id) => id.toUpperCase()),
    form("mixed case", casing, (id, v) => mixedCase(id, v + 1)),
    form("without hyphens", wireForm, (id) => id.replace(/-/g, "")),
    form("as a URN (urn:uuid:)", wireForm, (id) => `urn:uuid:${id}`),
    form("percent-encoded", wireForm, percentEncoded),
  ];
}

/** Ids that are no GUID; `victim` is an id of the run that a target must leave alone. */
function malformedIds(part: IdPart, set: (d: Draft, value: string, c: ModelContext) => void): RequestClass[] {
  const bad = (name: string, write: (c: ModelContext, variant: number) => string): RequestClass => ({
    part,
    name,
    outcome: malformed,
    apply: (d, c, variant) => set(d, write(c, variant), c),
  });
  return [
    bad("a word", (_, v) => ["not-a-guid", "null", "undefined", "me", "0", "-1", "*"][v % 7]!),
    bad("empty", () => ""),
    bad("a GUID with a character too many", (c) => `${c.unknownId()}0`),
    bad("a GUID with a character too few", (c) => c.unknownId().slice(0, -1)),
    bad("a GUID with a non-hex digit", (c) => `${c.unknownId().slice(0, -1)}g`),
    bad("4096 characters", () => "0".repeat(4096)),
    bad("the member with trailing white space", (c) => `${c.member}%20`),
    bad("the member with leading white space", (c) => `%09${c.member}`),
    bad("the member followed by a NUL", (c) => `${c.member}%00`),
    // The registry form of .NET and COM ({…}, (…)): no GUID by RFC 9562's grammar, unlike the bare 32 digits.
    bad("the member in braces", (c, v) => (v % 2 ? `(${c.member})` : `%7B${c.member}%7D`)),
    bad("the member and the bystander, comma-separated", (c) => `${c.member},${c.bystander}`),
    bad("an encoded path traversal to the bystander", (c) => `..%2F..%2Fgroups%2F${c.bystander}`),
    bad("an encoded slash and the bystander", (c) => `${c.member}%2F${c.bystander}`),
    bad("full-width digits", () => "%EF%BC%91".repeat(8)),
    bad("a GUID of letters beyond f", () => "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"),
  ];
}

export const itwinIdClasses: RequestClass[] = [
  { part: "itwinId", name: "the run's iTwin", outcome: { kind: "valid" }, apply: () => {} },
  {
    part: "itwinId",
    name: "an unknown iTwin",
    outcome: { kind: "refused", status: 404, requirement: "NOT-FOUND-ITWIN" },
    apply: (d, c) => {
      d.itwin = c.unknownId();
    },
  },
  {
    part: "itwinId",
    name: "another iTwin of the admin's",
    outcome: { kind: "refused", status: 404, requirement: "ISOLATION-ITWIN" },
    apply: (d, c) => {
      d.itwin = c.otherItwinId ?? c.unknownId();
    },
  },
  {
    part: "itwinId",
    name: "a group's id",
    outcome: { kind: "refused", status: 404, requirement: "NOT-FOUND-ITWIN" },
    apply: (d, c) => {
      d.itwin = c.nonMember;
    },
  },
  ...wireForms(
    "itwinId",
    (d) => d.itwin,
    (d, v) => {
      d.itwin = v;
    },
  ),
  ...malformedIds("itwinId", (d, v) => {
    d.itwin = v;
  }),
];

/** A group id that names no membership of the iTwin: a 404 under `requirement`, and nothing removed. */
function otherGroup(
  name: string,
  requirement: "NOT-FOUND-NON-MEMBER" | "NOT-FOUND-GROUP",
  pick: (c: ModelContext) => string,
): RequestClass {
  return {
    part: "groupId",
    name,
    outcome: { kind: "refused", status: 404, requirement },
    apply: (d, c) => {
      d.group = pick(c);
      d.names = undefined;
    },
  };
}

export const groupIdClasses: RequestClass[] = [
  { part: "groupId", name: "a member group", outcome: { kind: "valid" }, apply: () => {} },
  otherGroup("a group that is no member", "NOT-FOUND-NON-MEMBER", (c) => c.nonMember),
  otherGroup("an unknown group", "NOT-FOUND-GROUP", (c) => c.unknownId()),
  otherGroup("the iTwin's id", "NOT-FOUND-GROUP", (c) => c.itwinId),
  otherGroup("a role's id", "NOT-FOUND-GROUP", (c) => c.roleId || c.unknownId()),
  ...wireForms(
    "groupId",
    (d) => d.group,
    (d, v) => {
      d.group = v;
    },
  ),
  ...malformedIds("groupId", (d, v) => {
    d.group = v;
    d.names = undefined;
  }),
];
