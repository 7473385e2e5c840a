/** Starts the message of the error that fails a test for the observer's MUST violations. */
export const observerFailureMarker = "[response observer]";

/** A MUST violation the observer saw; it fails the test at its end. */
export class ObservedViolations extends Error {
  override name = "ObservedViolations";

  constructor(violations: readonly string[]) {
    super(`${observerFailureMarker} ${violations.length} MUST violation(s):\n${violations.join("\n")}`);
  }
}

/** Starts the message of the error that fails a test for a change of state it did not cause (see UnexplainedChange). */
export const reattributedFailureMarker = "[not this test's requirement]";

/** Whether a test's error stands for findings recorded as such (the observer's, or a reattributed change), not a failure of its own. */
export function isObserverFailure(error: string): boolean {
  return error.includes(observerFailureMarker) || error.includes(reattributedFailureMarker);
}
