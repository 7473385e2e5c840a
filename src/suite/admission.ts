import type { TrafficStats } from "../client/request-gate";

/**
 * The run's admission rule for requests to the target, without I/O: at most
 * `concurrency` in flight, permits spaced so that no minute holds more than
 * the pace allows, and nothing admitted while a 429's Retry-After runs. The
 * rate-limit probe is admitted at once and only counted.
 */
export interface AdmissionOptions {
  concurrency: number;
  /** The client's tier; undefined: no pacing. */
  requestsPerMinute?: number;
}

/**
 * The share of the tier the suite spends: permits are timed where the suite
 * stands, answers counted where the target stands, and network jitter can
 * bring two permits closer on arrival; the rest is the client's other traffic.
 */
export const tierShare = 0.9;

export class Admission {
  private readonly waiting: (() => void)[] = [];
  private inFlight = 0;
  private nextSlotAt = 0;
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  readonly stats: TrafficStats = { requests: 0, probeRequests: 0, throttled: 0, mostInFlight: 0 };
  private readonly intervalMs: number;

  constructor(
    private readonly options: AdmissionOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = options.requestsPerMinute ? 60_000 / (options.requestsPerMinute * tierShare) : 0;
  }

  /** Calls `admitted` when the request may go; returns how to withdraw a request still waiting. */
  request(kind: "check" | "probe", admitted: () => void): () => void {
    if (kind === "probe") {
      this.stats.requests++;
      this.stats.probeRequests++;
      admitted();
      return () => {};
    }
    this.waiting.push(admitted);
    this.admit();
    return () => {
      const index = this.waiting.indexOf(admitted);
      if (index >= 0) this.waiting.splice(index, 1);
    };
  }

  /** A check's request is over; a 429 holds every check back for its Retry-After (at least a second). */
  finished(answer?: { status: number; retryAfterSeconds?: number }): void {
    this.inFlight--;
    if (answer?.status === 429) {
      this.stats.throttled++;
      this.pausedUntil = Math.max(this.pausedUntil, this.now() + Math.max(1, answer.retryAfterSeconds ?? 1) * 1000);
    }
    this.admit();
  }

  close(): void {
    clearTimeout(this.timer);
  }

  private admit(): void {
    while (this.waiting.length && this.inFlight < this.options.concurrency) {
      const wait = Math.max(this.nextSlotAt, this.pausedUntil) - this.now();
      if (wait > 0) {
        if (!this.timer)
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.admit();
          }, wait);
        return;
      }
      const next = this.waiting.shift()!;
      this.inFlight++;
      this.stats.requests++;
      this.stats.mostInFlight = Math.max(this.stats.mostInFlight, this.inFlight);
      this.nextSlotAt = this.now() + this.intervalMs;
      next();
    }
  }
}
