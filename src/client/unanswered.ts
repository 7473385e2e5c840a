import { appendFileSync, rmSync, statSync } from "node:fs";

/**
 * Counts the requests in a row that the target left unanswered (timed out),
 * across the run's workers, in a file of the run's folder. Past `threshold`,
 * requests are not sent for `coolDownMs` after the last time-out: a target
 * that hangs would otherwise cost every remaining check a full time-out, and
 * a worker restart, before the verdict. After the cool-down a request goes
 * through again, to see whether the target is back; any answer resets the
 * count.
 */
export class UnansweredRequests {
  constructor(
    private readonly file: string,
    private readonly coolDownMs: number,
    readonly threshold = 3,
  ) {}

  /** The reason not to send, or undefined. */
  refusal(now = Date.now()): string | undefined {
    const { count, lastAt } = this.state();
    if (count < this.threshold || now - lastAt >= this.coolDownMs) return undefined;
    return `not sent: the target left the last ${count} requests of this run unanswered; the run tries it again ${Math.round(this.coolDownMs / 1000)} s after the last time-out`;
  }

  answered(): void {
    if (this.state().count > 0) rmSync(this.file, { force: true });
  }

  unanswered(): void {
    appendFileSync(this.file, "x");
  }

  /** One byte per time-out; the file's modification time is the last one's. */
  private state(): { count: number; lastAt: number } {
    try {
      const stats = statSync(this.file);
      return { count: stats.size, lastAt: stats.mtimeMs };
    } catch {
      return { count: 0, lastAt: 0 };
    }
  }
}
