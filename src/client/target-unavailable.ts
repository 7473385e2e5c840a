/** The target did not answer in time, or the connection failed: the message names the request and the wait. */
export class TargetUnavailableError extends Error {
  override name = "TargetUnavailableError";

  constructor(message: string) {
    super(message);
    // A state of the target, not a defect in the suite's code: the message is all there is to show.
    this.stack = `${this.name}: ${message}`;
  }
}
