import { expect, test } from "@playwright/test";
import { operations, type OperationId } from "../../generated/operations";
import { classifyRequest, isUndeclaredMethodOnOperationUrl, matchOperation, pathBelow } from "../../src/proxy/match";

// Which operation of the fragment a proxied request is, from its method and path below the target's base path.

const itwinId = "4caed38b-9823-453f-8290-e9dd2b591174";
const groupId = "0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";

/** The template with every {parameter} filled in. */
const filled = (template: string) => template.replace(/\{(\w+)\}/g, (_, name: string) => `${name}-value`);

test("every operation of the fragment is matched by its own method and template", () => {
  for (const [id, { method, path }] of Object.entries(operations) as [
    OperationId,
    { method: string; path: string },
  ][]) {
    expect(matchOperation(method, filled(path)), `${method} ${path}`).toEqual({
      operationId: id,
      underTest: operations[id].underTest,
    });
  }
});

const cases: [string, string, string, OperationId | undefined][] = [
  ["the operation under test", "DELETE", `/itwins/${itwinId}/members/groups/${groupId}`, "removeItwinGroupMember"],
  ["its method in lower case", "delete", `/itwins/${itwinId}/members/groups/${groupId}`, "removeItwinGroupMember"],
  ["a sibling on the same URL", "GET", `/itwins/${itwinId}/members/groups/${groupId}`, "getItwinGroupMember"],
  ["the member list", "GET", `/itwins/${itwinId}/members/groups`, "getItwinGroupMembers"],
  ["a trailing slash", "DELETE", `/itwins/${itwinId}/members/groups/${groupId}/`, undefined],
  ["an empty id", "DELETE", `/itwins/${itwinId}/members/groups/`, undefined],
  ["a path the fragment does not have", "GET", "/connect/token", undefined],
  ["a method the URL does not declare", "PUT", `/itwins/${itwinId}/members/groups/${groupId}`, undefined],
];
for (const [name, method, path, want] of cases) {
  test(`${name}: ${want ?? "no operation"}`, () => {
    expect(matchOperation(method, path)?.operationId).toBe(want);
  });
}

test("a method no operation declares on the operation's URL is METHOD-NOT-ALLOWED's, a declared one is not", () => {
  const path = `/itwins/${itwinId}/members/groups/${groupId}`;
  expect(isUndeclaredMethodOnOperationUrl("PUT", path)).toBe(true);
  expect(isUndeclaredMethodOnOperationUrl("POST", path)).toBe(true);
  expect(isUndeclaredMethodOnOperationUrl("PATCH", path)).toBe(false);
  expect(isUndeclaredMethodOnOperationUrl("PUT", `/itwins/${itwinId}/members/groups`)).toBe(false);
});

const below: [string, string, string | undefined][] = [
  ["/accesscontrol", "/accesscontrol/itwins/x", "/itwins/x"],
  ["/accesscontrol", "/accesscontrol", "/"],
  ["/accesscontrol", "/accesscontrolx/itwins", undefined],
  ["/accesscontrol", "/connect/token", undefined],
  ["", "/itwins/x", "/itwins/x"],
];
for (const [basePath, pathname, want] of below) {
  test(`the path below ${basePath || "(no base path)"} of ${pathname}: ${want ?? "none"}`, () => {
    expect(pathBelow(basePath, pathname)).toBe(want);
  });
}

const requests: [string, string, string, ReturnType<typeof classifyRequest>][] = [
  [
    "the operation under test, with a query",
    "DELETE",
    `/accesscontrol/itwins/${itwinId}/members/groups/${groupId}?x=1`,
    { operationId: "removeItwinGroupMember", underTest: true },
  ],
  [
    "a PUT on its URL, judged with it",
    "PUT",
    `/accesscontrol/itwins/${itwinId}/members/groups/${groupId}`,
    { operationId: "removeItwinGroupMember", underTest: true },
  ],
  ["a HEAD on its URL", "HEAD", `/accesscontrol/itwins/${itwinId}/members/groups/${groupId}`, undefined],
  [
    "a sibling",
    "GET",
    `/accesscontrol/itwins/${itwinId}/members/groups`,
    { operationId: "getItwinGroupMembers", underTest: false },
  ],
  ["outside the base path", "DELETE", `/itwins/${itwinId}/members/groups/${groupId}`, undefined],
  ["a URL that does not parse", "DELETE", "http://[", undefined],
];
for (const [name, method, url, want] of requests) {
  test(`a request: ${name}`, () => {
    expect(classifyRequest(method, url, "/accesscontrol")).toEqual(want);
  });
}
