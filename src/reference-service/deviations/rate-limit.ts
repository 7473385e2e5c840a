import type { AnswerHooks } from "../responder";
import { hook } from "./switchboard";

const rateLimitedHeader = /^ITwinPlatform-RateLimited-/i;

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
