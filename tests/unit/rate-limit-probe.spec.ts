import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { ApiClient } from "../../src/client/api-client";
import { probeRateLimit } from "../../src/client/rate-limit-probe";
import { TargetUnavailableError } from "../../src/core/errors";
import type { RunContext } from "../../src/settings/run-context";
import { beginRateLimitProbe, earlyRateLimitRecord } from "../../src/suite/early-rate-limit-probe";

// The rate-limit probe's record, wherever it runs, against a loopback target
// that throttles from its `from`-th request on, `count` times.

async function throttlingTarget(options: { from: number; count: number; retryAfter?: string }) {
  let hits = 0;
  const server: Server = createServer((req, res) => {
    const hit = hits++;
    req.resume();
    const limited = hit >= options.from && hit < options.from + options.count;
    res.writeHead(limited ? 429 : 404, {
      "Content-Type": "application/json",
      ...(limited && options.retryAfter !== undefined ? { "Retry-After": options.retryAfter } : {}),
    });
    res.end(JSON.stringify({ error: { code: limited ? "RateLimitExceeded" : "GroupNotFound", message: "m" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { baseUrl, hits: () => hits, [Symbol.asyncDispose]: () => new Promise<void>((r) => server.close(() => r())) };
}

const client = (baseUrl: string) =>
  new ApiClient({ baseUrl, token: "t", timeoutMs: 2000, retry: { maxRetries: 0, maxWaitSeconds: 5 } });

test("the probe records every answer, the first 429, and one request once Retry-After and a second have passed", async () => {
  await using target = await throttlingTarget({ from: 3, count: 100, retryAfter: "2" });
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  const record = await probeRateLimit(client(target.baseUrl), {
    itwinId: "i",
    budget: 20,
    concurrency: 5,
    maxRetryAfterSeconds: 5,
    sleep,
  });
  expect(record.sent).toBe(5);
  expect(record.answers.map((a) => a.status).sort()).toEqual([404, 404, 404, 429, 429]);
  expect(record.limited?.status).toBe(429);
  expect(waits).toEqual([3000]);
  expect(record.recovery?.status).toBe(429);
  expect(target.hits()).toBe(6);
});

for (const [title, retryAfter] of [
  ["without Retry-After", undefined],
  ["with a Retry-After longer than CONFORMANCE_MAX_RETRY_AFTER_SECONDS", "6"],
  ["with a Retry-After that is not a number", "soon"],
] as const) {
  test(`a 429 ${title} is recorded, and nothing is sent after it`, async () => {
    await using target = await throttlingTarget({ from: 0, count: 100, retryAfter });
    const record = await probeRateLimit(client(target.baseUrl), {
      itwinId: "i",
      budget: 20,
      concurrency: 1,
      maxRetryAfterSeconds: 5,
      sleep: () => Promise.reject(new Error("no wait expected")),
    });
    expect([record.sent, record.limited?.status, record.recovery, target.hits()]).toEqual([1, 429, undefined, 1]);
  });
}

test("a target that never throttles is recorded as such, within the budget", async () => {
  await using target = await throttlingTarget({ from: 0, count: 0 });
  const record = await probeRateLimit(client(target.baseUrl), {
    itwinId: "i",
    budget: 7,
    concurrency: 3,
    maxRetryAfterSeconds: 5,
  });
  expect([record.sent, record.limited, record.answers.length, target.hits()]).toEqual([7, undefined, 7, 7]);
});

const context = (baseUrl: string, changes: Partial<RunContext> = {}) =>
  ({
    baseUrl,
    itwinId: "i",
    adminToken: "admin",
    probeToken: "probe",
    settings: { rateLimitBudget: 10, requestTimeoutMs: 2000, maxRetryAfterSeconds: 5 },
    ...changes,
  }) as RunContext;

test("the probe begun by the setup gives every check that asks the same record, once it is over", async () => {
  await using target = await throttlingTarget({ from: 2, count: 1, retryAfter: "0" });
  const probe = await beginRateLimitProbe(context(target.baseUrl));
  try {
    const [first, second] = await Promise.all([earlyRateLimitRecord(probe!.url), earlyRateLimitRecord(probe!.url)]);
    expect(first).toEqual(second);
    expect([first.limited?.status, first.recovery?.status]).toEqual([429, 404]);
    // The recovery went a second (Retry-After 0, plus the grace) after the 429 came.
    const limitedAt = first.limited!.request!.startedAtMs + first.limited!.request!.durationMs;
    expect(first.recovery!.request!.startedAtMs - limitedAt).toBeGreaterThanOrEqual(990);
  } finally {
    await probe!.close();
  }
});

test("a target the setup's probe cannot reach fails the check that asks, as an unreachable target", async () => {
  const probe = await beginRateLimitProbe(context("http://127.0.0.1:9"));
  try {
    const asked = earlyRateLimitRecord(probe!.url);
    await expect(asked).rejects.toBeInstanceOf(TargetUnavailableError);
    await expect(asked).rejects.toThrow("http://127.0.0.1:9/itwins/i/members/groups/");
  } finally {
    await probe!.close();
  }
});

test("the setup begins no probe that would share the admin's token, or that has no budget", async () => {
  expect(await beginRateLimitProbe(context("http://127.0.0.1:9", { probeToken: "admin" }))).toBeUndefined();
  const noBudget = context("http://127.0.0.1:9");
  noBudget.settings = { ...noBudget.settings, rateLimitBudget: 0 };
  expect(await beginRateLimitProbe(noBudget)).toBeUndefined();
});
