/**
 * The request model, as data: for each part of a request, its classes of
 * values, each with what it lets a correct implementation answer (model.ts).
 * The first class of each part is the documented value. A new class is one
 * entry here; the coverage phase sends it once, pairwise with the other
 * parts' classes, and the generation phase draws it.
 */
import type { Draft, ModelContext, Outcome, Part, RequestClass } from "./model";
import { authorizationClasses } from "./request-classes-authorization";
import { groupIdClasses, itwinIdClasses } from "./request-classes-ids";

const lenient: Outcome = { kind: "lenient" };

/** A class that writes one part with a fixed value. */
function entry(
  part: Part,
  name: string,
  outcome: Outcome,
  apply: (draft: Draft, context: ModelContext, variant: number) => void,
): RequestClass {
  return { part, name, outcome, apply };
}

const header = (name: string, value: string | null) => (draft: Draft) => {
  draft.headers[name] = value;
};

const methodClasses: RequestClass[] = [
  entry("method", "DELETE", { kind: "valid" }, () => {}),
  ...["POST", "PUT"].map((method) =>
    entry("method", method, { kind: "refused", status: "4xx", requirement: "METHOD-NOT-ALLOWED" }, (d) => {
      d.method = method;
    }),
  ),
  ...["HEAD", "OPTIONS"].map((method) =>
    entry("method", method, { kind: "safe", requirement: "METHOD-NOT-ALLOWED" }, (d) => {
      d.method = method;
    }),
  ),
];

/** How clients, proxies and frameworks write the path around the ids. */
const pathClasses: RequestClass[] = [
  entry("path", "as documented", { kind: "valid" }, () => {}),
  entry("path", "a trailing slash", lenient, (d) => {
    d.group = `${d.group}/`;
  }),
  entry("path", "a double slash before members", lenient, (d) => {
    d.itwin = `${d.itwin}/`;
  }),
  entry("path", "a matrix parameter after the group id (;v=1)", lenient, (d) => {
    d.group = `${d.group};v=1`;
  }),
  // Dot segments as a gateway may pass them on, unresolved (sent as written: fetch would resolve them).
  entry("path", "a dot segment before the group id (/./)", lenient, (d) => {
    d.group = `./${d.group}`;
  }),
  entry("path", "a dot-dot segment from the bystander back to the group id (<bystander>/../<id>)", lenient, (d, c) => {
    d.group = `${c.bystander}/../${d.group}`;
  }),
  entry(
    "path",
    "an extra segment after the group id",
    { kind: "refused", status: "4xx", requirement: "MALFORMED-ID" },
    (d) => {
      d.group = `${d.group}/roles`;
    },
  ),
];

const queryClasses: RequestClass[] = [
  entry("query", "none", { kind: "valid" }, () => {}),
  entry("query", "an unknown parameter", lenient, (d, _, v) => {
    d.query = `conformance-probe=${v}`;
  }),
  entry("query", "an empty query (?)", lenient, (d) => {
    d.query = "";
  }),
  entry("query", "the bystander named as groupId", lenient, (d, c) => {
    d.query = `groupId=${c.bystander}`;
  }),
  entry("query", "paging parameters ($top, $skip)", lenient, (d) => {
    d.query = "$top=1&$skip=0";
  }),
  entry("query", "a broken percent-encoding", lenient, (d) => {
    d.query = "q=%ZZ%";
  }),
  entry("query", "a query of 8 KiB", lenient, (d) => {
    d.query = `q=${"a".repeat(8192)}`;
  }),
];

const acceptClasses: RequestClass[] = [
  entry("accept", "the recommended media type", { kind: "valid" }, () => {}),
  ...(
    [
      ["application/json", "application/json"],
      ["any media type (*/*)", "*/*"],
      ["none", null],
      ["the v1 media type", "application/vnd.bentley.itwin-platform.v1+json"],
      ["text/html", "text/html"],
      ["a list with q-values", "application/vnd.bentley.itwin-platform.v2+json;q=0.9, application/json;q=0.5"],
      ["garbage", ";;;/"],
    ] as const
  ).map(([name, value]) => entry("accept", name, lenient, header("Accept", value))),
];

const contentTypeClasses: RequestClass[] = [
  entry("contentType", "none", { kind: "valid" }, () => {}),
  ...(
    [
      ["application/json", "application/json"],
      ["text/plain", "text/plain"],
      ["a form", "application/x-www-form-urlencoded"],
      ["multipart without a boundary", "multipart/form-data"],
      ["garbage", "=;="],
    ] as const
  ).map(([name, value]) => entry("contentType", name, lenient, header("Content-Type", value))),
];

/** Headers that clients, gateways and frameworks add, some of which a framework acts on. */
const headerClasses: RequestClass[] = [
  entry("headers", "none", { kind: "valid" }, () => {}),
  entry("headers", "forwarding headers of a proxy", lenient, (d) => {
    Object.assign(d.headers, {
      "X-Forwarded-For": "203.0.113.7",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Host": "gateway.invalid",
      Forwarded: "for=203.0.113.7;proto=https",
    });
  }),
  entry("headers", "a URL rewrite header naming the bystander (X-Original-URL)", lenient, (d, c) => {
    const path = `/itwins/${c.itwinId}/members/groups/${c.bystander}`;
    Object.assign(d.headers, { "X-Original-URL": path, "X-Rewrite-URL": path });
  }),
  entry("headers", "a method override (X-HTTP-Method-Override: DELETE)", lenient, (d) => {
    d.headers["X-HTTP-Method-Override"] = "DELETE";
  }),
  entry("headers", "conditional headers (If-Match: *)", lenient, (d) => {
    Object.assign(d.headers, { "If-Match": "*", "If-Unmodified-Since": "Sat, 01 Jan 2000 00:00:00 GMT" });
  }),
  entry("headers", "a browser's Origin and Cookie", lenient, (d) => {
    Object.assign(d.headers, { Origin: "https://app.invalid", Cookie: "session=conformance" });
  }),
  entry("headers", "a request id and cache directives", lenient, (d) => {
    Object.assign(d.headers, { "X-Request-Id": "conformance-probe", "Cache-Control": "no-cache", Pragma: "no-cache" });
  }),
  entry("headers", "a header of 8 KiB", lenient, (d) => {
    d.headers["X-Padding"] = "p".repeat(8192);
  }),
];

const json = (d: Draft, value: unknown) => {
  d.body = JSON.stringify(value);
};

const bodyClasses: RequestClass[] = [
  entry("body", "none", { kind: "valid" }, () => {}),
  entry("body", "an empty JSON object", lenient, (d) => json(d, {})),
  entry("body", "an empty string", lenient, (d) => {
    d.body = "";
  }),
  entry("body", "the bystander named as groupId", lenient, (d, c) => json(d, { groupId: c.bystander })),
  entry("body", "the bystander in an add-members body", lenient, (d, c) =>
    json(d, { members: [{ groupId: c.bystander, roleIds: [c.roleId] }] }),
  ),
  entry("body", "JSON that does not parse", lenient, (d) => {
    d.body = '{"groupId": ';
  }),
  entry("body", "JSON null", lenient, (d) => json(d, null)),
  entry("body", "64 KiB of JSON", lenient, (d) => json(d, { padding: "p".repeat(65_536) })),
];

/** Every class, part by part, in the order of `parts`. */
export const requestClasses: readonly RequestClass[] = [
  ...methodClasses,
  ...authorizationClasses,
  ...itwinIdClasses,
  ...groupIdClasses,
  ...pathClasses,
  ...queryClasses,
  ...acceptClasses,
  ...contentTypeClasses,
  ...headerClasses,
  ...bodyClasses,
];

/** The classes of one part, the documented value first. */
export function classesOf(part: Part): RequestClass[] {
  return requestClasses.filter((c) => c.part === part);
}

/** "part: class", how a class is named in reports. */
export function className(c: RequestClass): string {
  return `${c.part}: ${c.name}`;
}
