import { randomUUID } from "node:crypto";
import type { ReferenceService } from "../../src/reference-service/service";
import { adminPermissions, permissions, type Permission } from "../../src/reference-service/store";
import { expect, test } from "../support/reference-service";

// The sibling operations ask what the API asks: to see the iTwin for a read, one named permission for each write.

/** A new iTwin with a group that is a member with a role; the reader holds `granted` there. */
function itwinFor(service: ReferenceService, granted: Permission[]) {
  const itwin = service.store.addItwin(`permissions ${randomUUID()}`);
  service.store.grant(itwin, service.clients.reader.clientId, granted);
  const role = service.store.createRole(itwin, "r", "d");
  const group = service.store.createGroup(itwin, "g", "d");
  service.store.addGroupMember(itwin, group.id, [role.id]);
  return { base: `${service.baseUrl}/itwins/${itwin.id}`, g: group.id, r: role.id };
}

type Ids = ReturnType<typeof itwinFor>;
const writes: [string, Permission, (ids: Ids) => { method: string; path: string; data?: unknown }][] = [
  [
    "create a group",
    permissions.manageGroups,
    () => ({ method: "POST", path: "groups", data: { name: "n", description: "d" } }),
  ],
  [
    "update a group",
    permissions.manageGroups,
    ({ g }) => ({ method: "PATCH", path: `groups/${g}`, data: { description: "x" } }),
  ],
  ["delete a group", permissions.manageGroups, ({ g }) => ({ method: "DELETE", path: `groups/${g}` })],
  [
    "create a role",
    permissions.manageRoles,
    () => ({ method: "POST", path: "roles", data: { displayName: "n", description: "d" } }),
  ],
  [
    "update a role",
    permissions.manageRoles,
    ({ r }) => ({ method: "PATCH", path: `roles/${r}`, data: { description: "x" } }),
  ],
  ["delete a role", permissions.manageRoles, ({ r }) => ({ method: "DELETE", path: `roles/${r}` })],
  [
    "add a group member",
    permissions.inviteMember,
    ({ g, r }) => ({ method: "POST", path: "members/groups", data: { members: [{ groupId: g, roleIds: [r] }] } }),
  ],
  [
    "update a member's roles",
    permissions.inviteMember,
    ({ g, r }) => ({ method: "PATCH", path: `members/groups/${g}`, data: { roleIds: [r] } }),
  ],
];

for (const [title, needed, call] of writes) {
  test(`to ${title} takes ${needed}: every other permission gets 403, that one alone succeeds`, async ({
    request,
    service,
    readerToken,
  }) => {
    const headers = { Authorization: `Bearer ${readerToken}` };
    const send = (ids: Ids) => {
      const { method, path, data } = call(ids);
      return request.fetch(`${ids.base}/${path}`, { method, headers, data });
    };
    const refused = await send(
      itwinFor(
        service,
        adminPermissions.filter((p) => p !== needed),
      ),
    );
    expect([refused.status(), await refused.json()]).toEqual([
      403,
      {
        error: {
          code: "InsufficientPermissions",
          message: "The user has insufficient permissions for the requested operation.",
        },
      },
    ]);
    const allowed = await send(itwinFor(service, [permissions.read, needed]));
    expect(allowed.status(), await allowed.text()).toBeLessThan(300);
  });
}

// The members' reads ask only that the caller see the iTwin ("The calling user must be a member of the iTwin");
// the groups' and roles' reads ask more (tests/unit/reference-service-permission-operations.spec.ts).
const reads: [string, (ids: Ids) => string][] = [
  ["the group members", () => "members/groups"],
  ["a group member", ({ g }) => `members/groups/${g}`],
];

for (const [title, path] of reads) {
  test(`a reader who only sees the iTwin reads ${title}`, async ({ request, service, readerToken }) => {
    const ids = itwinFor(service, [permissions.read]);
    const answer = await request.get(`${ids.base}/${path(ids)}`, {
      headers: { Authorization: `Bearer ${readerToken}` },
    });
    expect(answer.status()).toBe(200);
  });
}

// As the documentation has them: roles need manage_roles, groups an Organization Administrator of the owner.
const guardedReads: [string, (ids: Ids) => string, Permission | "an Organization Administrator"][] = [
  ["the groups", () => "groups", "an Organization Administrator"],
  ["a group", ({ g }) => `groups/${g}`, "an Organization Administrator"],
  ["the roles", () => "roles", permissions.manageRoles],
  ["a role", ({ r }) => `roles/${r}`, permissions.manageRoles],
];

for (const [title, path, needed] of guardedReads) {
  test(`reading ${title} takes ${needed}: a reader with every other permission gets 403`, async ({
    request,
    service,
    readerToken,
  }) => {
    const headers = { Authorization: `Bearer ${readerToken}` };
    const refusedIds = itwinFor(
      service,
      adminPermissions.filter((p) => p !== needed),
    );
    const refused = await request.get(`${refusedIds.base}/${path(refusedIds)}`, { headers });
    expect([refused.status(), await refused.json()]).toEqual([
      403,
      {
        error: {
          code: "InsufficientPermissions",
          message: "The user has insufficient permissions for the requested operation.",
        },
      },
    ]);
    if (needed === "an Organization Administrator") return;
    const allowedIds = itwinFor(service, [permissions.read, needed]);
    const allowed = await request.get(`${allowedIds.base}/${path(allowedIds)}`, { headers });
    expect(allowed.status()).toBe(200);
  });
}
