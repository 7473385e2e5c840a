import { loadSpec } from "../../src/validation/spec";
import { ajvForSpec, schemaId } from "../../src/validation/schemas";
import { expect, test } from "../support/reference-service";

// "Get iTwin group members": pages in a stable order, with _links, as Bentley's client pages through them.

/** Makes `count` more member groups in the service's iTwin, straight in its store; returns their ids in order. */
function addMembers(service: Parameters<Parameters<typeof test>[2]>[0]["service"], count: number): string[] {
  const itwin = service.store.itwins.get(service.seed.itwinId)!;
  const role = service.store.createRole(itwin, "paging", "");
  return Array.from({ length: count }, (_, n) => {
    const group = service.store.createGroup(itwin, `paged ${n}`, "");
    service.store.addGroupMember(itwin, group.id, [role.id]);
    return group.id;
  });
}

const validatePage = ajvForSpec(loadSpec(), { standalone: false }).getSchema(schemaId("GroupMembersPage"))!;

test("pages follow each other in a stable order, with self, prev and next links", async ({
  request,
  service,
  adminToken,
}) => {
  const added = addMembers(service, 5);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const list = `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups`;
  const seen: string[] = [];
  let next: string | undefined = `${list}?$top=2`;
  const pages: { self: string; prev?: string; next?: string }[] = [];
  for (let n = 0; next && n < 10; n++) {
    const answer = await request.get(next, { headers });
    expect(answer.status()).toBe(200);
    const body = (await answer.json()) as {
      members: { id: string }[];
      _links: { self?: { href: string }; prev?: { href: string }; next?: { href: string } };
    };
    expect(validatePage(body), JSON.stringify(validatePage.errors)).toBe(true);
    seen.push(...body.members.map((m) => m.id));
    pages.push({ self: body._links.self!.href, prev: body._links.prev?.href, next: body._links.next?.href });
    next = body._links.next?.href;
  }
  // The seeded member first, then the groups in the order they became members.
  expect(seen).toEqual([service.seed.seededGroupId, ...added]);
  expect(pages.map((p) => [p.self, p.prev, p.next])).toEqual([
    [`${list}?$top=2&$skip=0`, undefined, `${list}?$top=2&$skip=2`],
    [`${list}?$top=2&$skip=2`, `${list}?$top=2&$skip=0`, `${list}?$top=2&$skip=4`],
    [`${list}?$top=2&$skip=4`, `${list}?$top=2&$skip=2`, undefined],
  ]);
});

const refused: [string, string][] = [
  ["$top=0", "$top must be a whole number from 1 to 1000."],
  ["$top=1001", "$top must be a whole number from 1 to 1000."],
  ["$skip=-1", "$skip must be a whole number from 0 to 9007199254740991."],
  ["$top=ten", "$top must be a whole number from 1 to 1000."],
];

for (const [query, message] of refused) {
  test(`${query} is refused with 422 and names the parameter`, async ({ request, service, adminToken }) => {
    const answer = await request.get(`${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups?${query}`, {
      headers: { Authorization: `Bearer ${adminToken}` },
    });
    expect(answer.status()).toBe(422);
    expect((await answer.json()).error.details).toEqual([
      { code: "InvalidValue", message, target: query.slice(0, query.indexOf("=")) },
    ]);
  });
}

test("without a token the list answers 401, like every operation", async ({ request, service }) => {
  const answer = await request.get(`${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups`);
  expect(answer.status()).toBe(401);
});
