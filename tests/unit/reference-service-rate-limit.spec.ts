import { randomUUID } from "node:crypto";
import { validateErrorResponse } from "../../generated/validators";
import { expect, test } from "../support/reference-service";

// The reference service's rate limit, with a limit small enough to reach in a test.
test.use({ serviceOptions: { rateLimit: { limit: 3, windowSeconds: 1 } } });

function expectValidError(body: unknown): void {
  expect(validateErrorResponse(body), JSON.stringify(validateErrorResponse.errors)).toBe(true);
}

test("the 4th request of a token answers 429 with Retry-After in whole seconds; another token is not limited", async ({
  request,
  service,
  adminToken,
  readerToken,
}) => {
  const url = `${service.baseUrl}/itwins/${service.seed.itwinId}/members/groups/${randomUUID()}`;
  const statuses: number[] = [];
  let limited;
  for (let i = 0; i < 4; i++) {
    const response = await request.delete(url, { headers: { Authorization: `Bearer ${adminToken}` } });
    statuses.push(response.status());
    limited = response;
  }
  expect(statuses).toEqual([404, 404, 404, 429]);
  expect(limited!.headers()["retry-after"]).toMatch(/^[1-9]\d*$/);
  expect(limited!.headers()["itwinplatform-ratelimited-tier"]).toBeDefined();
  const body = await limited!.json();
  expectValidError(body);
  expect(body.error.code).toBe("RateLimitExceeded");
  expect((await request.delete(url, { headers: { Authorization: `Bearer ${readerToken}` } })).status()).not.toBe(429);
});
