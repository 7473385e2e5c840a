import { validateErrorResponse } from "../../generated/validators";
import { expect, rawRequest, test } from "../support/reference-service";

// Hostile and odd requests, generated from a fixed seed so a failure can be
// replayed: the service answers every one with a status and, for an error, a
// JSON ErrorResponse; it never crashes or hangs, and the seeded membership
// survives all of it.

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "BREW"];
const segments = [
  "accesscontrol",
  "itwins",
  "members",
  "groups",
  "roles",
  "..",
  "%2e%2e",
  "%00",
  "%ZZ",
  "",
  "x".repeat(300),
  "{id}",
  "00000000-0000-0000-0000-000000000000",
];
const authorizations = [
  undefined,
  "",
  "Bearer",
  "Bearer ",
  "Basic eDp5",
  "bearer abc",
  "Bearer a.b.c",
  "Bearer " + "A".repeat(5000),
  "Negotiate x",
  "Bearer \u00e9",
];
const bodies = ["", "{", "[]", "null", '{"name":1}', "\u0000\u0001", '{"members":[{"groupId":{},"roleIds":[null]}]}'];

test("200 generated odd requests: every answer is well formed, the service stays up", async ({
  service,
  adminToken,
  request,
}) => {
  const next = random(20261127);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  for (let i = 0; i < 200; i++) {
    const method = pick(methods);
    const path = "/" + Array.from({ length: 1 + Math.floor(next() * 6) }, () => pick(segments)).join("/");
    const auth = next() < 0.3 ? `Bearer ${adminToken}` : pick(authorizations);
    const body = method === "GET" || method === "HEAD" ? "" : pick(bodies);
    const head = [
      `${method} ${path} HTTP/1.1`,
      "Host: 127.0.0.1",
      "Connection: close",
      `Content-Length: ${Buffer.byteLength(body)}`,
    ];
    if (auth !== undefined) head.push(`Authorization: ${auth}`);
    if (next() < 0.5) head.push("Content-Type: application/json");
    const raw = await rawRequest(service.origin, `${head.join("\r\n")}\r\n\r\n${body}`);
    const context = `request ${i}: ${method} ${path.slice(0, 80)} → ${raw.slice(0, 200)}`;
    const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(raw)?.[1]);
    expect(status, context).toBeGreaterThanOrEqual(200);
    expect(status, context).toBeLessThan(500);
    if (status >= 400 && method !== "HEAD") {
      const json: unknown = JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
      expect(validateErrorResponse(json), context).toBe(true);
    }
  }
  const seeded = await request.get(
    `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups/${service.seed.seededGroupId}`,
    {
      headers: { Authorization: `Bearer ${adminToken}` },
    },
  );
  expect(seeded.status()).toBe(200);
});
