/** Text helpers for the messages of the settings check. */

/** A value for an error message; one that may be a credential pasted into the wrong setting is described, not shown. */
export function shown(value: string): string {
  return value.length > 40 || /^eyJ/.test(value)
    ? `a ${value.length}-character value (not shown)`
    : JSON.stringify(value);
}
