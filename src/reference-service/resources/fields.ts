/** A 422 detail: what is wrong with one property of a request body. */
export interface Detail {
  code: string;
  message: string;
  target?: string;
}

type Body = Record<string, unknown>;

/**
 * The checks of the optional properties of an update (PATCH) body: each
 * gives the detail of a property that is present and wrong, or undefined.
 */
export const optional = {
  /** A string, non-empty where `nonEmpty`. */
  string:
    (name: string, nonEmpty = false) =>
    (body: Body): Detail | undefined => {
      const value = body[name];
      if (value === undefined || (typeof value === "string" && (!nonEmpty || value.length > 0))) return undefined;
      return {
        code: "InvalidProperty",
        message: `${name} must be a${nonEmpty ? " non-empty" : ""} string.`,
        target: name,
      };
    },
  /** A list of strings. */
  strings:
    (name: string) =>
    (body: Body): Detail | undefined => {
      const value = body[name];
      if (value === undefined || (Array.isArray(value) && value.every((v) => typeof v === "string"))) return undefined;
      return { code: "InvalidProperty", message: `${name} must be a list of strings.`, target: name };
    },
  /** One of `allowed`. */
  oneOf:
    (name: string, allowed: readonly string[]) =>
    (body: Body): Detail | undefined => {
      const value = body[name];
      if (value === undefined || allowed.includes(value as string)) return undefined;
      return { code: "InvalidValue", message: `${name} must be one of ${allowed.join(", ")}.`, target: name };
    },
};

/** The details of every check that fails on `body`. */
export function problems(body: Body, checks: ((body: Body) => Detail | undefined)[]): Detail[] {
  return checks.flatMap((check) => check(body) ?? []);
}
