import { expect, test } from "@playwright/test";
import { FixedWindowRateLimiter } from "../../src/reference-service/pipeline/rate-limit";

test("the fixed window allows `limit` requests, then answers the rest of the window rounded up", () => {
  let now = 10_000;
  const limiter = new FixedWindowRateLimiter({ limit: 2, windowSeconds: 3 }, () => now);
  expect(limiter.take("a")).toEqual({ allowed: true });
  now += 100;
  expect(limiter.take("a")).toEqual({ allowed: true });
  now += 100;
  expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 3 });
  now += 1_900; // 900 ms of the window left
  expect(limiter.take("a")).toEqual({ allowed: false, retryAfterSeconds: 1 });
  expect(limiter.take("b")).toEqual({ allowed: true });
  now += 900; // the window is over: waiting Retry-After was enough
  expect(limiter.take("a")).toEqual({ allowed: true });
});

test("a limit of 0 turns limiting off", () => {
  const limiter = new FixedWindowRateLimiter({ limit: 0, windowSeconds: 1 });
  for (let i = 0; i < 100; i++) expect(limiter.take("a").allowed).toBe(true);
});
