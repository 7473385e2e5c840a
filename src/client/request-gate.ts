/**
 * Where a request waits for its turn before it goes to the target: the run's
 * concurrency and pacing (src/suite/request-gate.ts). The released answer's
 * status and Retry-After let the gate count and honour a throttling answer.
 */
export interface RequestGate {
  /**
   * Resolves when the request may be sent. `probe`: the rate-limit probe,
   * which is neither paced nor held back, and whose 429s are its purpose.
   */
  pass(kind: "check" | "probe"): Promise<ReleaseTurn>;
}

/** Ends a request's turn; given the answer's status and Retry-After seconds when there was one. */
export type ReleaseTurn = (answer?: { status: number; retryAfterSeconds?: number }) => void;

/** What the run's traffic to the target was, for the reports. */
export interface TrafficStats {
  /** Requests sent to the target, the probe's included; token requests are not. */
  requests: number;
  /** Of those, the rate-limit probe's. */
  probeRequests: number;
  /** Answers of 429 to requests other than the probe's. */
  throttled: number;
  /** The most requests in flight at once, the probe's aside. */
  mostInFlight: number;
}
