import { randomUUID } from "node:crypto";
import { permissionCatalog, permissionNames } from "../../generated/permissions";
import { validateErrorResponse, validatePermissionsResponse } from "../../generated/validators";
import { loadPermissionCatalog } from "../../src/catalog/permissions";
import { platformScope } from "../../src/reference-service/auth";
import type { ReferenceClients } from "../../src/reference-service/seed";
import { expect, test } from "../support/reference-service";

// The permissions operations and the rules of the reads, as the public documentation gives them.

/** The names as the real API spells them (access-control-client src/types/Role.ts and the operations' pages). */
const realNames = [
  "itwins_read",
  "itwins_modify",
  "itwins_members_read",
  "itwins_members_modify",
  "imodels_read",
  "imodels_write",
  "administration_manage_groups",
  "administration_manage_roles",
  "administration_invite_member",
  "administration_remove_member",
];

const itwinNotFound = { error: { code: "ItwinNotFound", message: "Requested iTwin is not available." } };
const insufficientPermissions = {
  error: {
    code: "InsufficientPermissions",
    message: "The user has insufficient permissions for the requested operation.",
  },
};

type Client = keyof ReferenceClients;

test.describe("permissions", () => {
  let tokens: Record<Client, string>;
  test.beforeEach(async ({ service }) => {
    const mint = (client: Client) =>
      service.issuer.mint({
        clientId: service.clients[client].clientId,
        scopes: [platformScope],
        lifetimeSeconds: 300,
      });
    const clients: Client[] = ["admin", "reader", "remover", "orgAdmin", "probe"];
    tokens = Object.fromEntries(await Promise.all(clients.map(async (c) => [c, await mint(c)]))) as typeof tokens;
  });

  const get = async (
    request: import("@playwright/test").APIRequestContext,
    url: string,
    client: Client,
  ): Promise<{ status: number; body: unknown }> => {
    const response = await request.get(url, { headers: { Authorization: `Bearer ${tokens[client]}` } });
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    return { status: response.status(), body: await response.json() };
  };

  test("the catalog of specs/permissions.yaml spells every name as the API does, each with its source", () => {
    expect(permissionNames).toEqual(realNames);
    expect(loadPermissionCatalog()).toEqual(permissionCatalog);
    for (const entry of permissionCatalog) expect(entry.source).toMatch(/access-control-client|developer portal/);
  });

  test("GET /itwins/permissions answers every permission the API knows", async ({ request, service }) => {
    for (const client of ["admin", "reader", "orgAdmin"] as const) {
      const answer = await get(request, `${service.baseUrl}/itwins/permissions`, client);
      expect(answer).toEqual({ status: 200, body: { permissions: realNames } });
      expect(validatePermissionsResponse(answer.body)).toBe(true);
    }
  });

  test("GET /itwins/permissions without a token is 401 HeaderNotFound", async ({ request, service }) => {
    const response = await request.get(`${service.baseUrl}/itwins/permissions`);
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("HeaderNotFound");
  });

  const mine: [string, Client, string[]][] = [
    [
      "the admin holds every permission the service enforces",
      "admin",
      [
        "itwins_read",
        "administration_manage_groups",
        "administration_manage_roles",
        "administration_invite_member",
        "administration_remove_member",
      ],
    ],
    ["the reader holds itwins_read", "reader", ["itwins_read"]],
    ["the remover holds itwins_read and remove_member", "remover", ["itwins_read", "administration_remove_member"]],
    ["the organization's administrator, with no role, holds none in the iTwin", "orgAdmin", []],
  ];
  for (const [title, client, permissions] of mine) {
    test(`GET /itwins/{id}/permissions: ${title}`, async ({ request, service }) => {
      for (const id of [service.seed.itwinId, service.seed.itwinId.toUpperCase(), service.seed.otherItwinId]) {
        expect(await get(request, `${service.baseUrl}/itwins/${id}/permissions`, client)).toEqual({
          status: 200,
          body: { permissions },
        });
      }
    });
  }

  test("GET /itwins/{id}/permissions of an iTwin the caller does not see is 404 ItwinNotFound", async ({
    request,
    service,
  }) => {
    const hidden = service.store.addItwin("Nobody's iTwin");
    for (const id of [randomUUID(), hidden.id, "not-a-guid"]) {
      const answer = await get(request, `${service.baseUrl}/itwins/${id}/permissions`, "admin");
      expect(answer).toEqual({ status: 404, body: itwinNotFound });
      expect(validateErrorResponse(answer.body)).toBe(true);
    }
  });

  test("a role takes the API's permission names, and refuses the old spelling itwin_read", async ({
    request,
    service,
  }) => {
    const headers = { Authorization: `Bearer ${tokens.admin}` };
    const url = `${service.baseUrl}/itwins/${service.seed.itwinId}/roles/${service.seed.seededRoleId}`;
    const granted = await request.patch(url, { headers, data: { permissions: ["itwins_read", "imodels_write"] } });
    expect(granted.status()).toBe(200);
    expect((await granted.json()).role.permissions).toEqual(["itwins_read", "imodels_write"]);
    const old = await request.patch(url, { headers, data: { permissions: ["itwin_read"] } });
    expect(old.status()).toBe(404);
    expect(await old.json()).toEqual({
      error: {
        code: "PermissionNotFound",
        message: "Requested permission is not available.",
        target: "permissions[0]",
      },
    });
    await request.patch(url, { headers, data: { permissions: [] } });
  });

  // Each read with who may and who may not, per the documentation's rule (the route's `rule`).
  const reads: {
    name: string;
    path: (s: { itwinId: string; roleId: string; groupId: string }) => string;
    allowed: Client[];
    refused: Client[];
  }[] = [
    {
      name: "GET roles (administration_manage_roles or Organization Administrator)",
      path: (s) => `/itwins/${s.itwinId}/roles`,
      allowed: ["admin", "orgAdmin"],
      refused: ["reader", "remover"],
    },
    {
      name: "GET a role (administration_manage_roles or Organization Administrator)",
      path: (s) => `/itwins/${s.itwinId}/roles/${s.roleId}`,
      allowed: ["admin", "orgAdmin"],
      refused: ["reader", "remover"],
    },
    {
      name: "GET groups (Organization Administrator only)",
      path: (s) => `/itwins/${s.itwinId}/groups`,
      allowed: ["admin", "orgAdmin"],
      // The probe holds every permission in the iTwin but administers no organization.
      refused: ["reader", "remover", "probe"],
    },
    {
      name: "GET a group (Organization Administrator only)",
      path: (s) => `/itwins/${s.itwinId}/groups/${s.groupId}`,
      allowed: ["admin", "orgAdmin"],
      refused: ["reader", "remover", "probe"],
    },
    {
      name: "GET group members (a member of the iTwin or Organization Administrator)",
      path: (s) => `/itwins/${s.itwinId}/members/groups`,
      allowed: ["admin", "reader", "remover", "orgAdmin"],
      refused: [],
    },
    {
      name: "GET a group member (a member of the iTwin or Organization Administrator)",
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.groupId}`,
      allowed: ["admin", "reader", "remover", "orgAdmin"],
      refused: [],
    },
  ];
  for (const read of reads) {
    test(`${read.name}: allowed to ${read.allowed.join(", ")}; 403 InsufficientPermissions to ${read.refused.join(", ") || "nobody who sees the iTwin"}`, async ({
      request,
      service,
    }) => {
      const ids = {
        itwinId: service.seed.itwinId,
        roleId: service.seed.seededRoleId,
        groupId: service.seed.seededGroupId,
      };
      const url = `${service.baseUrl}${read.path(ids)}`;
      for (const client of read.allowed) expect((await get(request, url, client)).status, client).toBe(200);
      for (const client of read.refused) {
        const answer = await get(request, url, client);
        expect(answer, client).toEqual({ status: 403, body: insufficientPermissions });
      }
      // Whoever does not see the iTwin learns only that it is not available.
      const hidden = service.store.addItwin("Nobody's iTwin");
      const unseen = `${service.baseUrl}${read.path({ ...ids, itwinId: hidden.id })}`;
      expect(await get(request, unseen, "admin")).toEqual({ status: 404, body: itwinNotFound });
    });
  }
});
