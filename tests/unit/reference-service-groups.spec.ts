import { randomUUID } from "node:crypto";
import { validateGroupResponse, validateGroupsResponse } from "../../generated/validators";
import type { ReferenceService } from "../../src/reference-service/service";
import { adminPermissions } from "../../src/reference-service/store";
import { expect, test } from "../support/reference-service";

// An iTwin's groups as the public API and Bentley's client have them: paging, update, one name per group.

/**
 * A new iTwin the admin administers, owned by the seeded organization (whose administrators alone may read groups),
 * with groups of these names made straight in the store: its URL and their ids.
 */
function itwinWithGroups(service: ReferenceService, names: string[]): { url: string; ids: string[] } {
  const itwin = service.store.addItwin(`groups ${randomUUID()}`);
  itwin.organizationId = service.store.itwins.get(service.seed.itwinId)!.organizationId;
  service.store.grant(itwin, service.clients.admin.clientId, adminPermissions);
  const ids = names.map((name) => service.store.createGroup(itwin, name, `about ${name}`).id);
  return { url: `${service.baseUrl}/itwins/${itwin.id}/groups`, ids };
}

const notFound = { error: { code: "GroupNotFound", message: "Requested group is not available." } };
const taken = {
  error: {
    code: "GroupNameAlreadyExists",
    message: "A group with this name already exists in the iTwin.",
    target: "name",
  },
};

test("the list pages with $top and $skip, with _links; without them it is the whole list, without _links", async ({
  request,
  service,
  adminToken,
}) => {
  const { url, ids } = itwinWithGroups(service, ["a", "b", "c"]);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const list = async (query: string) => {
    const answer = await request.get(`${url}${query}`, { headers });
    expect(answer.status()).toBe(200);
    const body = await answer.json();
    expect(validateGroupsResponse(body), JSON.stringify(validateGroupsResponse.errors)).toBe(true);
    return body as { groups: { id: string }[]; _links?: unknown };
  };
  expect(await list("?$top=2")).toEqual({
    groups: [expect.objectContaining({ id: ids[0] }), expect.objectContaining({ id: ids[1] })],
    _links: { self: { href: `${url}?$top=2&$skip=0` }, next: { href: `${url}?$top=2&$skip=2` } },
  });
  expect(await list("?$top=2&$skip=2")).toEqual({
    groups: [expect.objectContaining({ id: ids[2] })],
    _links: { self: { href: `${url}?$top=2&$skip=2` }, prev: { href: `${url}?$top=2&$skip=0` } },
  });
  expect((await list("?$skip=1")).groups.map((g) => g.id)).toEqual(ids.slice(1));
  const whole = await list("");
  expect(whole.groups.map((g) => g.id)).toEqual(ids);
  expect(whole).not.toHaveProperty("_links");
});

test("a $top out of range is a 422 of the groups' own code, naming it", async ({ request, service, adminToken }) => {
  const { url } = itwinWithGroups(service, []);
  const answer = await request.get(`${url}?$top=0`, { headers: { Authorization: `Bearer ${adminToken}` } });
  expect(answer.status()).toBe(422);
  expect(await answer.json()).toEqual({
    error: {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "$top must be a whole number from 1 to 1000.", target: "$top" }],
    },
  });
});

test("PATCH changes the name and the description, and a read gives them back", async ({
  request,
  service,
  adminToken,
}) => {
  const { url, ids } = itwinWithGroups(service, ["before"]);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const patched = await request.patch(`${url}/${ids[0]}`, { headers, data: { name: "after", description: "new" } });
  expect(patched.status()).toBe(200);
  const want = { group: { id: ids[0], name: "after", description: "new", members: [], imsGroups: [] } };
  const body = await patched.json();
  expect(body).toEqual(want);
  expect(validateGroupResponse(body)).toBe(true);
  expect(await (await request.get(`${url}/${ids[0]}`, { headers })).json()).toEqual(want);
  const descriptionOnly = await request.patch(`${url}/${ids[0]}`, { headers, data: { description: "newer" } });
  expect((await descriptionOnly.json()).group).toMatchObject({ name: "after", description: "newer" });
});

test("a name another group has, in any letter case, is refused with 409 on create and on update", async ({
  request,
  service,
  adminToken,
}) => {
  const { url, ids } = itwinWithGroups(service, ["Field Team", "Office"]);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const created = await request.post(url, { headers, data: { name: "field team", description: "d" } });
  expect([created.status(), await created.json()]).toEqual([409, taken]);
  const renamed = await request.patch(`${url}/${ids[1]}`, { headers, data: { name: "FIELD TEAM" } });
  expect([renamed.status(), await renamed.json()]).toEqual([409, taken]);
  // A group keeps its own name, in another case if it likes.
  const own = await request.patch(`${url}/${ids[0]}`, { headers, data: { name: "FIELD team" } });
  expect(own.status()).toBe(200);
});

const refusedUpdates: [string, Record<string, unknown>, number, unknown][] = [
  [
    "an empty name",
    { name: "" },
    422,
    {
      error: {
        code: "InvalidiTwinsGroupRequest",
        message: "The request is not valid.",
        details: [{ code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" }],
      },
    },
  ],
  [
    "members that are not a list",
    { members: "someone@example.com" },
    422,
    {
      error: {
        code: "InvalidiTwinsGroupRequest",
        message: "The request is not valid.",
        details: [{ code: "InvalidProperty", message: "members must be a list of strings.", target: "members" }],
      },
    },
  ],
  [
    "a user the service does not know",
    { members: ["someone@example.com"] },
    404,
    { error: { code: "TeamMemberNotFound", message: "Requested team member is not available.", target: "members[0]" } },
  ],
  [
    "an IMS group the service does not know",
    { imsGroups: ["Sample IMS Group"] },
    404,
    { error: { code: "ImsGroupNotFound", message: "Requested IMS group is not available.", target: "imsGroups[0]" } },
  ],
];

for (const [title, data, status, want] of refusedUpdates) {
  test(`PATCH with ${title} answers ${status} and changes nothing`, async ({ request, service, adminToken }) => {
    const { url, ids } = itwinWithGroups(service, ["kept"]);
    const headers = { Authorization: `Bearer ${adminToken}` };
    const answer = await request.patch(`${url}/${ids[0]}`, { headers, data });
    expect([answer.status(), await answer.json()]).toEqual([status, want]);
    expect((await (await request.get(`${url}/${ids[0]}`, { headers })).json()).group.name).toBe("kept");
  });
}

for (const method of ["GET", "PATCH", "DELETE"] as const) {
  test(`${method} of a group the iTwin does not have answers 404 GroupNotFound`, async ({
    request,
    service,
    adminToken,
  }) => {
    const { url } = itwinWithGroups(service, []);
    const answer = await request.fetch(`${url}/${randomUUID()}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}` },
      data: method === "PATCH" ? { name: "n" } : undefined,
    });
    expect([answer.status(), await answer.json()]).toEqual([404, notFound]);
  });
}
