import { appendFileSync, rmSync, statSync } from "node:fs";

/**
 * Counts the requests in a row that the target left unanswered (timed out),
 * across the run's workers, in a file of the run's folder. Past `threshold`,
 * requests are no longer sent: a target that hangs would otherwise cost every
 * remaining check a full time-out, and a worker restart, before the verdict.
 * Any answer resets the count.
 */
export class UnansweredRequests {
  constructor(
    private readonly file: string,
    readonly threshold = 3,
  ) {}

  /** The reason not to send, or undefined. */
  refusal(): string | undefined {
    const count = this.count();
    return count >= this.threshold ? `not sent: the target left the last ${count} requests of this run unanswered, so the run stops waiting for it` : undefined;
  }

  answered(): void {
    if (this.count() > 0) rmSync(this.file, { force: true });
  }

  unanswered(): void {
    appendFileSync(this.file, "x");
  }

  private count(): number {
    try {
      return statSync(this.file).size;
    } catch {
      return 0;
    }
  }
}
