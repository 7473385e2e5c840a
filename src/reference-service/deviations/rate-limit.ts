import type { RateLimitHooks, RateRefusal } from "../pipeline/rate-limit";
import type { AnswerHooks } from "../responder";
import { hook } from "./switchboard";

const rateLimitedHeader = /^ITwinPlatform-RateLimited-/i;
const notCounted = () => false;

/**
 * Deviations of the rate limit: each keeps refusing a token beyond its window,
 * in its own way. Made per service instance, since what they hold is its own.
 */
export function rateLimitHooks(): RateLimitHooks {
  /** Until when a refused token stays refused, whatever its window says. */
  const heldUntil = new Map<string, number>();
  const held = (key: string): RateRefusal | undefined =>
    (heldUntil.get(key) ?? 0) > Date.now() ? { retryAfterSeconds: 1 } : undefined;
  return {
    // Each counted once, when it held the token; refusing it while held is not counted again.
    beforeCounting: [hook("retry-after-too-short", held, notCounted), hook("limit-never-lifts", held, notCounted)],
    refusal: [
      hook("retry-after-too-short", (refusal, key) => {
        heldUntil.set(key, Date.now() + (refusal.retryAfterSeconds + 5) * 1000);
        return { retryAfterSeconds: 1 };
      }),
      hook("limit-never-lifts", (refusal, key) => {
        heldUntil.set(key, Number.POSITIVE_INFINITY);
        return { ...refusal };
      }),
    ],
  };
}

/** Deviations of the 429 answer. */
export const rateLimitAnswerHooks: Pick<AnswerHooks, "retryAfter" | "rateLimited"> = {
  retryAfter: [
    hook("429-without-retry-after", () => null),
    hook("retry-after-not-a-number", () => "soon"),
    hook("retry-after-http-date", (seconds) => new Date(Date.now() + seconds * 1000).toUTCString()),
    hook("retry-after-fractional", (seconds) => `${seconds}.5`),
    hook("longer-retry-after", (seconds) => String(seconds + 1)),
  ],
  rateLimited: [
    hook("no-rate-limited-headers", (error) => ({
      ...error,
      headers: Object.fromEntries(
        Object.entries(error.headers ?? {}).filter(([name]) => !rateLimitedHeader.test(name)),
      ),
    })),
    hook("429-wrong-code", (error) => ({ ...error, code: "TooManyRequests" })),
    hook("rate-limit-answers-503", (error) => ({ ...error, status: 503 })),
  ],
};
