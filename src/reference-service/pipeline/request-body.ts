import type { ErrorObject } from "ajv";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { StandaloneValidator } from "../../../generated/validators";
import { isJsonMediaType } from "../../core/media-types";
import { errors, type ApiError } from "../errors";
import { readBody } from "../http";

/** A 422 detail: what is wrong with one property of a request body. */
export interface Detail {
  code: string;
  message: string;
  target?: string;
}

/**
 * What the 422 of a body says of one top-level property: the detail it gives
 * when the fragment's schema refuses the property's value (any keyword but
 * `format`, below), or when `alsoRefuses` does.
 */
export interface PropertyRule {
  property: string;
  code: "InvalidProperty" | "InvalidValue";
  message: string;
  /** When the property is missing: `MissingRequiredProperty` (the default), or this rule's own detail. */
  missing?: "MissingRequiredProperty" | "own detail";
  /** The schema's keywords this rule leaves to another rule. */
  except?: string[];
  /** Values the service refuses although the fragment allows them. */
  alsoRefuses?: (value: unknown) => boolean;
  /** Checked only once every rule before it passed, so the 422 names only what they found. */
  later?: true;
}

/**
 * The body a write takes: the fragment's schema, through its generated
 * validator, and what the 422 that refuses it says (its code and, in the
 * order listed, one detail per property a rule finds wrong).
 */
export interface RequestBody<Body> {
  validate: StandaloneValidator<Body>;
  /** The 422's code: the resource family's (`InvalidiTwinsGroupRequest`, …). */
  invalidCode: string;
  rules: PropertyRule[];
}

type JsonObject = Record<string, unknown>;

/**
 * The JSON object a write was sent, or the error that refuses it: a media type
 * other than JSON (415, the body left unread), a body over `limit` bytes (413,
 * closing the connection), or one that is not a JSON object (422).
 */
export async function readJsonObject(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  invalidCode: string,
): Promise<{ body: JsonObject } | { refusal: ApiError }> {
  if (!isJsonMediaType(req.headers["content-type"] ?? "")) {
    req.resume();
    return { refusal: errors.unsupportedMediaType() };
  }
  const read = await readBody(req, limit);
  if (!read.ok) {
    res.setHeader("Connection", "close");
    return { refusal: errors.payloadTooLarge(limit) };
  }
  try {
    const parsed: unknown = JSON.parse(read.text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return { body: parsed as JsonObject };
  } catch {
    // refused below
  }
  const notAnObject = { code: "InvalidRequestBody", message: "The body must be a JSON object." };
  return { refusal: errors.invalidRequest(invalidCode, [notAnObject]) };
}

/**
 * The details of the 422 that refuses `body`, none when it is valid. The
 * generated validator decides, with two differences, each the service's own
 * (docs/reference-service.md): ids are not held to the `uuid` format (an id that
 * is no GUID is one the service does not know, a 404 of its resource), and a
 * rule may refuse more than the schema does.
 */
export function bodyProblems(spec: RequestBody<unknown>, body: JsonObject): Detail[] {
  const found = spec.validate(body) ? [] : (spec.validate.errors ?? []).filter((e) => e.keyword !== "format");
  let checked: Detail[] = [];
  for (const rule of spec.rules) {
    if (rule.later && checked.length) break;
    const detail = ruleDetail(rule, body[rule.property], found);
    if (detail) checked = [...checked, detail];
  }
  return checked;
}

function ruleDetail(rule: PropertyRule, value: unknown, found: ErrorObject[]): Detail | undefined {
  const own = found.filter((e) => propertyOf(e) === rule.property && !rule.except?.includes(e.keyword));
  const refused = own.length > 0 || (value !== undefined && (rule.alsoRefuses?.(value) ?? false));
  if (!refused) return undefined;
  if (value === undefined && rule.missing !== "own detail")
    return { code: "MissingRequiredProperty", message: `${rule.property} is missing.`, target: rule.property };
  return { code: rule.code, message: rule.message, target: rule.property };
}

/** The top-level property an error of the validator is about: the first step of its path, or the one `required` misses. */
function propertyOf(error: ErrorObject): string | undefined {
  const step = error.instancePath.split("/")[1];
  if (step !== undefined) return step.replace(/~1/g, "/").replace(/~0/g, "~");
  return error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : undefined;
}
