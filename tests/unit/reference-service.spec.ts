import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  validateErrorResponse,
  validateGroupMemberResponse,
  validateGroupResponse,
  validateRoleResponse,
} from "../../generated/validators";
import { mutants, variants } from "../../generated/deviations";
import { hookedDeviations } from "../../src/reference-service/deviations/catalog";
import { platformScope } from "../../src/reference-service/auth";
import { referenceClients, secretVariable, type ReferenceClients } from "../../src/reference-service/seed";
import { repoRoot } from "../../src/validation/spec";
import { expect, rawRequest, test } from "../support/reference-service";

// The reference service answers as the documentation says, and every error it
// sends validates against the generated ErrorResponse validator.

function expectValidError(body: unknown): void {
  expect(validateErrorResponse(body), JSON.stringify(validateErrorResponse.errors)).toBe(true);
}

test("every mutant and variant acts at a hook of the service", () => {
  const hooked = hookedDeviations();
  expect([...mutants, ...variants].map((d) => d.name).filter((name) => !hooked.has(name))).toEqual([]);
});

test("a removal by the admin answers 204 with no body and ends only that membership", async ({
  request,
  service,
  adminToken,
}) => {
  const { itwinId, seededGroupId } = service.seed;
  const headers = { Authorization: `Bearer ${adminToken}` };
  const group = await request.post(`${service.baseUrl}/itwins/${itwinId}/groups`, {
    headers,
    data: { name: "g", description: "d" },
  });
  expect(group.status()).toBe(201);
  const groupBody = await group.json();
  expect(validateGroupResponse(groupBody)).toBe(true);
  const role = await request.post(`${service.baseUrl}/itwins/${itwinId}/roles`, {
    headers,
    data: { displayName: "r", description: "d" },
  });
  expect(validateRoleResponse(await role.json())).toBe(true);
  const roleId = (await role.json()).role.id;
  const added = await request.post(`${service.baseUrl}/itwins/${itwinId}/members/groups`, {
    headers,
    data: { members: [{ groupId: groupBody.group.id, roleIds: [roleId] }] },
  });
  expect(added.status()).toBe(201);
  const member = await request.get(`${service.baseUrl}/itwins/${itwinId}/members/groups/${groupBody.group.id}`, {
    headers,
  });
  expect(validateGroupMemberResponse(await member.json())).toBe(true);

  const removal = await request.delete(`${service.baseUrl}/itwins/${itwinId}/members/groups/${groupBody.group.id}`, {
    headers,
  });
  expect(removal.status()).toBe(204);
  expect(await removal.body()).toHaveLength(0);
  expect(
    (
      await request.get(`${service.baseUrl}/itwins/${itwinId}/members/groups/${groupBody.group.id}`, { headers })
    ).status(),
  ).toBe(404);
  expect(
    (await request.get(`${service.baseUrl}/itwins/${itwinId}/groups/${groupBody.group.id}`, { headers })).status(),
  ).toBe(200);
  expect(
    (await request.get(`${service.baseUrl}/itwins/${itwinId}/members/groups/${seededGroupId}`, { headers })).status(),
  ).toBe(200);
});

const errorCases: [
  string,
  {
    method?: string;
    path: (s: { itwinId: string; seededGroupId: string }) => string;
    auth: "admin" | "reader" | "none" | string;
    want: { status: number; code: string };
  },
][] = [
  [
    "no Authorization header",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.seededGroupId}`,
      auth: "none",
      want: { status: 401, code: "HeaderNotFound" },
    },
  ],
  [
    "no Authorization header for an unknown iTwin",
    {
      path: () => `/itwins/${randomUUID()}/members/groups/${randomUUID()}`,
      auth: "none",
      want: { status: 401, code: "HeaderNotFound" },
    },
  ],
  [
    "Basic credentials",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.seededGroupId}`,
      auth: "Basic dTpw",
      want: { status: 401, code: "InvalidAuthorizationHeader" },
    },
  ],
  [
    "a garbage bearer token",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.seededGroupId}`,
      auth: "Bearer garbage",
      want: { status: 401, code: "InvalidToken" },
    },
  ],
  [
    "an unknown iTwin",
    {
      path: (s) => `/itwins/${randomUUID()}/members/groups/${s.seededGroupId}`,
      auth: "admin",
      want: { status: 404, code: "ItwinNotFound" },
    },
  ],
  [
    "a non-GUID iTwin id",
    {
      path: () => `/itwins/not-a-guid/members/groups/${randomUUID()}`,
      auth: "admin",
      want: { status: 404, code: "ItwinNotFound" },
    },
  ],
  [
    "an unknown group",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${randomUUID()}`,
      auth: "admin",
      want: { status: 404, code: "GroupNotFound" },
    },
  ],
  [
    "an encoded path traversal as group id",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/..%2F..%2Fgroups`,
      auth: "admin",
      want: { status: 404, code: "GroupNotFound" },
    },
  ],
  [
    "a very long group id",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${"a".repeat(4000)}`,
      auth: "admin",
      want: { status: 404, code: "GroupNotFound" },
    },
  ],
  [
    "the reader, who lacks administration_remove_member",
    {
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.seededGroupId}`,
      auth: "reader",
      want: { status: 404, code: "ItwinNotFound" },
    },
  ],
  ["an unknown route", { path: () => `/nothing/here`, auth: "admin", want: { status: 404, code: "NotFound" } }],
  [
    "an undeclared method",
    {
      method: "PUT",
      path: (s) => `/itwins/${s.itwinId}/members/groups/${s.seededGroupId}`,
      auth: "admin",
      want: { status: 405, code: "MethodNotAllowed" },
    },
  ],
];

for (const [title, { method = "DELETE", path, auth, want }] of errorCases) {
  test(`${title} → ${want.status} ${want.code}`, async ({ request, service, adminToken, readerToken }) => {
    const authorization =
      auth === "admin"
        ? `Bearer ${adminToken}`
        : auth === "reader"
          ? `Bearer ${readerToken}`
          : auth === "none"
            ? undefined
            : auth;
    const response = await request.fetch(`${service.baseUrl}${path(service.seed)}`, {
      method,
      headers: authorization ? { Authorization: authorization } : {},
    });
    expect(response.status()).toBe(want.status);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    const body = await response.json();
    expectValidError(body);
    expect(body.error.code).toBe(want.code);
    // The seeded membership is nobody's to remove in these cases.
    const seeded = await request.get(
      `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups/${service.seed.seededGroupId}`,
      { headers: { Authorization: `Bearer ${adminToken}` } },
    );
    expect(seeded.status()).toBe(200);
  });
}

// The documented rule: administration_remove_member in the iTwin, or Organization Administrator of its owner.
const removers = [
  ["the remover, who holds administration_remove_member", "remover", 204],
  ["the organization's administrator, with no iTwin role", "orgAdmin", 204],
  ["the reader, who holds neither", "reader", 404],
] as const;

for (const [title, client, status] of removers) {
  test(`a removal by ${title} → ${status}`, async ({ request, service }) => {
    const itwin = service.store.itwins.get(service.seed.itwinId)!;
    const group = service.store.createGroup(itwin, "g", "d");
    service.store.addGroupMember(itwin, group.id, [service.seed.seededRoleId]);
    const { clientId } = service.clients[client];
    const token = await service.issuer.mint({ clientId, scopes: [platformScope], lifetimeSeconds: 300 });
    const url = `${service.baseUrl}/itwins/${itwin.id}/members/groups/${group.id}`;
    const removal = await request.delete(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(removal.status()).toBe(status);
    expect(itwin.groupMembers.has(group.id)).toBe(status !== 204);
  });
}

test("an expired token and a token of another instance are refused", async ({ request, service }) => {
  const { startReferenceService } = await import("../../src/reference-service/service");
  const other = await startReferenceService();
  try {
    const foreign = await other.issuer.mint({
      clientId: "conformance-admin",
      scopes: ["itwin-platform"],
      lifetimeSeconds: 300,
    });
    const expired = await service.issuer.mint({
      clientId: "conformance-admin",
      scopes: ["itwin-platform"],
      lifetimeSeconds: -60,
    });
    const noScope = await service.issuer.mint({
      clientId: "conformance-admin",
      scopes: ["openid"],
      lifetimeSeconds: 300,
    });
    for (const token of [foreign, expired, noScope]) {
      const response = await request.delete(
        `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups/${service.seed.seededGroupId}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(response.status()).toBe(401);
      expectValidError(await response.json());
    }
  } finally {
    await other.close();
  }
});

const badBodies: [string, { data: string; contentType: string; want: number }][] = [
  ["malformed JSON", { data: '{"name": ', contentType: "application/json", want: 422 }],
  ["a JSON array", { data: "[]", contentType: "application/json", want: 422 }],
  ["missing properties", { data: "{}", contentType: "application/json", want: 422 }],
  [
    "a huge body",
    {
      data: JSON.stringify({ name: "x".repeat(200_000), description: "d" }),
      contentType: "application/json",
      want: 413,
    },
  ],
  ["form data", { data: "name=x", contentType: "application/x-www-form-urlencoded", want: 415 }],
];

for (const [title, { data, contentType, want }] of badBodies) {
  test(`creating a group with ${title} → ${want} with a JSON error`, async ({ request, service, adminToken }) => {
    const response = await request.post(`${service.baseUrl}/itwins/${service.seed.itwinId}/groups`, {
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": contentType },
      data,
    });
    expect(response.status()).toBe(want);
    expectValidError(await response.json());
  });
}

test("a request node's parser refuses still gets a JSON error, and the service keeps serving", async ({
  request,
  service,
}) => {
  const raw = await rawRequest(
    service.origin,
    "DELETE /accesscontrol/itwins HTTP/1.1\r\nHost: x\r\nBad Header: \u0001\r\n\r\n",
  );
  expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  expectValidError(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4)));
  expect((await request.get(`${service.origin}/.well-known/openid-configuration`)).status()).toBe(200);
});

test("oversized request headers get a JSON 431", async ({ service }) => {
  const raw = await rawRequest(
    service.origin,
    `GET /accesscontrol HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(70_000)}\r\n\r\n`,
  );
  expect(raw).toMatch(/^HTTP\/1\.1 431 /);
  expectValidError(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4)));
});

const tokenCases: [string, { form: Record<string, string>; want: { status: number; error?: string } }][] = [
  [
    "the admin client",
    {
      form: {
        grant_type: "client_credentials",
        client_id: "conformance-admin",
        client_secret: "conformance-admin-secret",
        scope: "itwin-platform",
      },
      want: { status: 200 },
    },
  ],
  [
    "a wrong secret",
    {
      form: {
        grant_type: "client_credentials",
        client_id: "conformance-admin",
        client_secret: "wrong",
        scope: "itwin-platform",
      },
      want: { status: 401, error: "invalid_client" },
    },
  ],
  [
    "an unknown client",
    {
      form: { grant_type: "client_credentials", client_id: "nobody", client_secret: "x" },
      want: { status: 401, error: "invalid_client" },
    },
  ],
  [
    "another grant",
    {
      form: { grant_type: "password", client_id: "conformance-admin", client_secret: "conformance-admin-secret" },
      want: { status: 400, error: "unsupported_grant_type" },
    },
  ],
  [
    "a scope the client may not have",
    {
      form: {
        grant_type: "client_credentials",
        client_id: "conformance-admin",
        client_secret: "conformance-admin-secret",
        scope: "admin",
      },
      want: { status: 400, error: "invalid_scope" },
    },
  ],
];

for (const [title, { form, want }] of tokenCases) {
  test(`token endpoint: ${title} → ${want.status}`, async ({ request, service }) => {
    const response = await request.post(service.tokenUrl, { form });
    expect(response.status()).toBe(want.status);
    const body = await response.json();
    if (want.error) expect(body.error).toBe(want.error);
    else {
      expect(body.token_type).toBe("Bearer");
      const removal = await request.delete(
        `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups/${randomUUID()}`,
        { headers: { Authorization: `Bearer ${body.access_token}` } },
      );
      expect(removal.status()).toBe(404);
    }
  });
}

test("a client's secret is given by REFERENCE_<CLIENT>_SECRET, and docs/reference-service.md names each client", () => {
  const clients = Object.keys(referenceClients({})) as (keyof ReferenceClients)[];
  expect(clients.map(secretVariable)).toEqual([
    "REFERENCE_ADMIN_SECRET",
    "REFERENCE_READER_SECRET",
    "REFERENCE_PROBE_SECRET",
    "REFERENCE_REMOVER_SECRET",
    "REFERENCE_ORG_ADMIN_SECRET",
  ]);
  expect(referenceClients({ orgAdmin: "given" }).orgAdmin.clientSecret).toBe("given");
  expect(referenceClients({}).orgAdmin.clientSecret).toBe("conformance-org-admin-secret");
  const docs = readFileSync(path.join(repoRoot, "docs", "reference-service.md"), "utf8");
  const named = clients.map((c) => secretVariable(c).replace(/^REFERENCE_(.*)_SECRET$/, "`$1`"));
  expect(named.filter((name) => !docs.includes(name))).toEqual([]);
});
