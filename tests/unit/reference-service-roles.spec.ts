import { randomUUID } from "node:crypto";
import { validateRoleResponse, validateRolesResponse } from "../../generated/validators";
import type { ReferenceService } from "../../src/reference-service/service";
import { adminPermissions, permissions } from "../../src/reference-service/store";
import { expect, test } from "../support/reference-service";

// An iTwin's roles as the public API and Bentley's client have them: get, type, update with known permissions.

/** A new iTwin the admin administers, with one role made straight in the store: the roles' URL and the role. */
function itwinWithRole(service: ReferenceService): { url: string; roleId: string } {
  const itwin = service.store.addItwin(`roles ${randomUUID()}`);
  service.store.grant(itwin, service.clients.admin.clientId, adminPermissions);
  const role = service.store.createRole(itwin, "Reviewer", "Reviews.");
  return { url: `${service.baseUrl}/itwins/${itwin.id}/roles`, roleId: role.id };
}

const invalid = (details: unknown[]) => ({
  error: { code: "InvalidiTwinsRoleRequest", message: "The request is not valid.", details },
});

test("GET of a role gives it whole, with its type; the list has it too", async ({ request, service, adminToken }) => {
  const { url, roleId } = itwinWithRole(service);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const role = { id: roleId, displayName: "Reviewer", description: "Reviews.", permissions: [], type: "Custom" };
  const answer = await request.get(`${url}/${roleId.toUpperCase()}`, { headers });
  expect([answer.status(), await answer.json()]).toEqual([200, { role }]);
  expect(validateRoleResponse({ role })).toBe(true);
  const list = await (await request.get(url, { headers })).json();
  expect(list).toEqual({ roles: [role] });
  expect(validateRolesResponse(list)).toBe(true);
});

const types: [string, Record<string, unknown>, number, unknown][] = [
  ["no type is Custom", {}, 201, "Custom"],
  ["type Default is kept", { type: "Default" }, 201, "Default"],
  [
    "another type is refused",
    { type: "Admin" },
    422,
    invalid([{ code: "InvalidValue", message: "type must be one of Custom, Default.", target: "type" }]),
  ],
];

for (const [title, extra, status, want] of types) {
  test(`a role created with ${title}`, async ({ request, service, adminToken }) => {
    const { url } = itwinWithRole(service);
    const answer = await request.post(url, {
      headers: { Authorization: `Bearer ${adminToken}` },
      data: { displayName: "New", description: "d", ...extra },
    });
    expect(answer.status()).toBe(status);
    const body = await answer.json();
    if (status === 201) expect(body.role).toMatchObject({ displayName: "New", permissions: [], type: want });
    else expect(body).toEqual(want);
  });
}

test("PATCH changes the display name, the description and the permissions; a read gives them back", async ({
  request,
  service,
  adminToken,
}) => {
  const { url, roleId } = itwinWithRole(service);
  const headers = { Authorization: `Bearer ${adminToken}` };
  const data = { displayName: "Manager", description: "Manages.", permissions: [permissions.manageGroups] };
  const answer = await request.patch(`${url}/${roleId}`, { headers, data });
  const want = { role: { id: roleId, ...data, type: "Custom" } };
  expect([answer.status(), await answer.json()]).toEqual([200, want]);
  expect(await (await request.get(`${url}/${roleId}`, { headers })).json()).toEqual(want);
});

const refusedUpdates: [string, Record<string, unknown>, number, unknown][] = [
  [
    "a permission the API does not know",
    { permissions: [permissions.read, "imodels_fly"] },
    404,
    {
      error: {
        code: "PermissionNotFound",
        message: "Requested permission is not available.",
        target: "permissions[1]",
      },
    },
  ],
  [
    "permissions that are not a list",
    { permissions: permissions.read },
    422,
    invalid([{ code: "InvalidProperty", message: "permissions must be a list of strings.", target: "permissions" }]),
  ],
  [
    "an empty display name",
    { displayName: "" },
    422,
    invalid([{ code: "InvalidProperty", message: "displayName must be a non-empty string.", target: "displayName" }]),
  ],
];

for (const [title, data, status, want] of refusedUpdates) {
  test(`PATCH with ${title} answers ${status} and changes nothing`, async ({ request, service, adminToken }) => {
    const { url, roleId } = itwinWithRole(service);
    const headers = { Authorization: `Bearer ${adminToken}` };
    const answer = await request.patch(`${url}/${roleId}`, { headers, data });
    expect([answer.status(), await answer.json()]).toEqual([status, want]);
    expect((await (await request.get(`${url}/${roleId}`, { headers })).json()).role).toMatchObject({
      displayName: "Reviewer",
      permissions: [],
    });
  });
}

for (const method of ["GET", "PATCH", "DELETE"] as const) {
  test(`${method} of a role the iTwin does not have answers 404 RoleNotFound`, async ({
    request,
    service,
    adminToken,
  }) => {
    const { url } = itwinWithRole(service);
    const answer = await request.fetch(`${url}/${randomUUID()}`, {
      method,
      headers: { Authorization: `Bearer ${adminToken}` },
      data: method === "PATCH" ? { description: "d" } : undefined,
    });
    expect([answer.status(), await answer.json()]).toEqual([
      404,
      { error: { code: "RoleNotFound", message: "Requested role is not available." } },
    ]);
  });
}
