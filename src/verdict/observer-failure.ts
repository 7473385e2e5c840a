/** Starts the message of the error that fails a test for the observer's MUST violations. */
export const observerFailureMarker = "[response observer]";

/** A MUST violation the observer saw; it fails the test at its end. */
export class ObservedViolations extends Error {
  override name = "ObservedViolations";

  constructor(violations: readonly string[]) {
    super(`${observerFailureMarker} ${violations.length} MUST violation(s):\n${violations.join("\n")}`);
  }
}

/** Whether a test's error is the observer's, whose violations are findings of their own. */
export function isObserverFailure(error: string): boolean {
  return error.includes(observerFailureMarker);
}
