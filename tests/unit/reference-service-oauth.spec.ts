import { ServiceAuthorizationClient } from "@itwin/service-authorization";
import { expect } from "@playwright/test";
import { platformScope } from "../../src/reference-service/auth";
import { test } from "../support/reference-service";

// Bentley's own token client (@itwin/service-authorization), unchanged: it reads the discovery document, refuses one
// without a field OpenID Connect Discovery 1.0 requires, and posts the client-credentials grant to the token endpoint.

/** The fields OpenID Connect Discovery 1.0 §3 marks REQUIRED (token_endpoint: unless only the implicit flow is offered). */
const requiredDiscoveryFields = [
  "issuer",
  "authorization_endpoint",
  "token_endpoint",
  "jwks_uri",
  "response_types_supported",
  "subject_types_supported",
  "id_token_signing_alg_values_supported",
];

test("Bentley's service-authorization client gets a token from the service, and the API takes it", async ({
  service,
}) => {
  const client = new ServiceAuthorizationClient({
    clientId: service.clients.admin.clientId,
    clientSecret: service.clients.admin.clientSecret,
    scope: platformScope,
    authority: service.origin,
  });
  const authorization = await client.getAccessToken();
  expect(authorization).toMatch(/^Bearer \S+$/);
  expect(client.isAuthorized).toBe(true);
  const verified = await service.issuer.verify(authorization.slice("Bearer ".length));
  expect(verified.ok && verified.token.clientId).toBe(service.clients.admin.clientId);
  const members = await fetch(`${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups`, {
    headers: { authorization, accept: "application/vnd.bentley.itwin-platform.v2+json" },
  });
  expect(members.status).toBe(200);
});

test("a wrong client secret gets no token through Bentley's client", async ({ service }) => {
  const client = new ServiceAuthorizationClient({
    clientId: service.clients.admin.clientId,
    clientSecret: "not-the-secret",
    scope: platformScope,
    authority: service.origin,
  });
  await expect(client.getAccessToken()).rejects.toThrow(/401/);
});

test("the discovery document has every field Discovery 1.0 requires, each URL one the service answers", async ({
  request,
  service,
}) => {
  const document = (await (await request.get(`${service.origin}/.well-known/openid-configuration`)).json()) as Record<
    string,
    unknown
  >;
  expect(requiredDiscoveryFields.filter((field) => !(field in document))).toEqual([]);
  expect(document.issuer).toBe(service.origin);
  expect(document.token_endpoint).toBe(service.tokenUrl);
  expect((await request.get(String(document.jwks_uri))).status()).toBe(200);
  expect(document.id_token_signing_alg_values_supported).toEqual([service.issuer.publicJwk.alg]);
});

test("the authorization endpoint says that no interactive login is offered, as an OAuth2 error", async ({
  request,
  service,
}) => {
  const document = (await (await request.get(`${service.origin}/.well-known/openid-configuration`)).json()) as {
    authorization_endpoint: string;
    response_types_supported: string[];
  };
  expect(document.response_types_supported).toEqual([]);
  const login = await request.get(
    `${document.authorization_endpoint}?response_type=code&client_id=${service.clients.admin.clientId}&redirect_uri=https%3A%2F%2Fexample.invalid%2Fcb`,
    { maxRedirects: 0 },
  );
  expect(login.status()).toBe(400);
  expect(login.headers().location).toBeUndefined();
  expect(login.headers()["cache-control"]).toBe("no-store");
  expect((await login.json()).error).toBe("unsupported_response_type");
});
