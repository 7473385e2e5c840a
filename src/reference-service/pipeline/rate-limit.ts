import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";

/**
 * A fixed-window request counter per key (the reference service keys it by
 * access token). Retry-After is the rest of the window rounded up to whole
 * seconds, so a client that waits it out is accepted again.
 */
export interface RateLimitOptions {
  /** Requests allowed per window; 0 turns the limit off. */
  limit: number;
  windowSeconds: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get limit(): number {
    return this.options.limit;
  }

  /** Counts one request of `key`; `limit` overrides the configured one (a client's own tier). */
  take(key: string, limit = this.options.limit): RateDecision {
    if (limit <= 0) return { allowed: true };
    const now = this.now();
    const windowMs = this.options.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || now - window.start >= windowMs) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
      this.forgetExpired(now, windowMs);
    }
    if (window.count < limit) {
      window.count += 1;
      return { allowed: true };
    }
    const remainingMs = window.start + windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(remainingMs / 1000)) };
  }

  /** Keeps memory bounded however many tokens a client sends. */
  private forgetExpired(now: number, windowMs: number): void {
    if (this.windows.size < 10_000) return;
    for (const [key, window] of this.windows) if (now - window.start >= windowMs) this.windows.delete(key);
  }
}

/** A request refused for its rate: how long it is told to wait. */
export interface RateRefusal {
  retryAfterSeconds: number;
}

/** The points where deviations act on the rate limit (deviations/rate-limit.ts), given the key a request is counted by. */
export interface RateLimitHooks {
  /** Instead of counting a request: a refusal of their own. */
  beforeCounting: Hooks<[string], RateRefusal>;
  /** A refusal as the limiter decided it. */
  refusal: Hooks<[RateRefusal, string], RateRefusal>;
}

/**
 * The rate-limit stage of a request: counts it against its access token's
 * window, at the client's own tier where it has one.
 */
export class RateLimitStage {
  constructor(
    private readonly limiter: FixedWindowRateLimiter,
    /** Requests per window of the clients on a tier of their own. */
    private readonly tiers: ReadonlyMap<string, number>,
    private readonly deviations: Deviations,
    private readonly hooks: RateLimitHooks,
  ) {}

  /** The 429 a request of `clientId` counted by `key` is refused with, if it is. */
  check(key: string, clientId: string): ApiError | undefined {
    const d = this.deviations;
    const held = d.instead(this.hooks.beforeCounting, key);
    if (held) return errors.rateLimitExceeded(held.retryAfterSeconds);
    const tier = this.limiter.limit > 0 ? this.tiers.get(clientId) : undefined;
    const decision = this.limiter.take(key, tier);
    if (decision.allowed) return undefined;
    const refusal = d.transform(this.hooks.refusal, { retryAfterSeconds: decision.retryAfterSeconds }, key);
    return errors.rateLimitExceeded(refusal.retryAfterSeconds);
  }
}
