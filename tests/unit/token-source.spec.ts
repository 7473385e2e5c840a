import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { requestClientCredentialsToken } from "../../src/auth/client-credentials";
import { refreshAt, RefreshingToken, type IssuedToken } from "../../src/auth/token-source";
import { TokenRequestError } from "../../src/core/errors";
import { platformScope } from "../../src/reference-service/auth";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import { countGrants } from "../support/grants";

const minute = 60_000;
const refreshTimes: [string, { given: IssuedToken; want: number }][] = [
  [
    "an hour's token: a minute before it expires",
    { given: { accessToken: "t", issuedAt: 0, expiresAt: 60 * minute }, want: 59 * minute },
  ],
  ["a two-minute token: halfway", { given: { accessToken: "t", issuedAt: 0, expiresAt: 2 * minute }, want: minute }],
  ["a ten-second token: after five", { given: { accessToken: "t", issuedAt: 1000, expiresAt: 11_000 }, want: 6000 }],
  ["an expired token: at once", { given: { accessToken: "t", issuedAt: 0, expiresAt: 0 }, want: 0 }],
];

for (const [title, { given, want }] of refreshTimes) {
  test(`token refresh: ${title}`, () => {
    expect(refreshAt(given)).toBe(want);
  });
}

test.describe("client-credentials tokens against the reference service's token endpoint", () => {
  let service: ReferenceService;
  test.afterEach(async () => service.close());

  test("a token is reused until it nears expiry, then fetched once for all callers at that moment", async () => {
    service = await startReferenceService({ tokenLifetimeSeconds: 2 });
    const grants = countGrants(service);
    const grant = { tokenUrl: service.tokenUrl, ...service.clients.admin, scope: platformScope };
    const now = Date.now();
    const first = await service.issuer.mint({ clientId: grant.clientId, scopes: [platformScope], lifetimeSeconds: 2 });
    let clock = now;
    const fresh: string[] = [];
    const source = new RefreshingToken(
      grant,
      { accessToken: first, issuedAt: now, expiresAt: now + 2000 },
      { timeoutMs: 5000, now: () => clock, onNewToken: (t) => fresh.push(t) },
    );

    expect(await source.current()).toBe(first);
    clock = now + 900;
    expect(await source.current()).toBe(first);
    clock = now + 1000; // halfway through a 2 s life
    const together = await Promise.all(Array.from({ length: 5 }, () => source.current()));
    expect(new Set(together).size).toBe(1);
    expect(together[0]).not.toBe(first);
    expect(fresh).toEqual([together[0]]);
    expect(grants.get(grant.clientId)).toBe(1);
  });
});

test("a token endpoint that refuses a refresh: the error names its answer, never the secret", async () => {
  const secret = "canary-refresh-secret-2b7e";
  const endpoint = createServer((req, res) => {
    req.resume();
    res
      .writeHead(400, { "Content-Type": "application/json" })
      .end(JSON.stringify({ error: "invalid_client", error_description: `unknown secret ${secret}` }));
  });
  await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = endpoint.address() as AddressInfo;
    const grant = {
      tokenUrl: `http://127.0.0.1:${port}/connect/token`,
      clientId: "c",
      clientSecret: secret,
      scope: platformScope,
    };
    const source = new RefreshingToken(
      grant,
      { accessToken: "old", issuedAt: 0, expiresAt: 1000 },
      { timeoutMs: 2000 },
    );
    const failure = await source.current().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TokenRequestError);
    expect(String((failure as Error).message)).toContain("answered 400 (invalid_client: unknown secret [REDACTED])");
    expect(String((failure as Error).stack)).not.toContain(secret);
  } finally {
    await new Promise<void>((resolve) => endpoint.close(() => resolve()));
  }
});

const tokenUrl = "https://ims.example.test/connect/token";
const refusals: [string, { status: number; body: string; want: string }][] = [
  [
    "a client the endpoint does not know: check its id and secret",
    {
      status: 401,
      body: '{"error":"invalid_client"}',
      want: `token endpoint ${tokenUrl} answered 401 (invalid_client): check the client id and its secret`,
    },
  ],
  [
    "a scope the endpoint refuses: check CONFORMANCE_SCOPE",
    {
      status: 400,
      body: '{"error":"invalid_scope","error_description":"unknown scope itwin-platfrom"}',
      want: `token endpoint ${tokenUrl} answered 400 (invalid_scope: unknown scope itwin-platfrom): check CONFORMANCE_SCOPE`,
    },
  ],
  [
    "a client without the grant",
    {
      status: 400,
      body: '{"error":"unauthorized_client"}',
      want: `token endpoint ${tokenUrl} answered 400 (unauthorized_client): the client may not use the client-credentials grant; allow it for the client, or use another`,
    },
  ],
  [
    "an error of the endpoint's own: its answer, no guess",
    { status: 500, body: "upstream down", want: `token endpoint ${tokenUrl} answered 500 (upstream down)` },
  ],
];

test.describe("a token endpoint's refusal says what to fix", () => {
  const realFetch = globalThis.fetch;
  test.afterEach(() => {
    globalThis.fetch = realFetch;
  });

  for (const [title, { status, body, want }] of refusals) {
    test(title, async () => {
      globalThis.fetch = () => Promise.resolve(new Response(body, { status }));
      const asked = requestClientCredentialsToken({
        tokenUrl,
        clientId: "c",
        clientSecret: "s",
        scope: platformScope,
        timeoutMs: 1000,
      });
      await expect(asked).rejects.toThrow(new TokenRequestError(want));
    });
  }
});
