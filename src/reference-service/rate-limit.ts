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
