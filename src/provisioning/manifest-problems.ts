import type { ErrorObject } from "ajv";
import { didYouMean } from "../core/did-you-mean";
import { shown } from "../settings/text";

/**
 * The messages of a manifest that does not parse or does not match
 * specs/manifest.schema.json, in the manifest's own terms: each names the
 * entry as a user finds it in the file (memberGroupIds[1]), quotes the value
 * and says what would fix it.
 */

/** The manifest's fields, as the schema declares them: the candidates of a misspelt field's hint. */
export function manifestFields(schema: { properties?: Record<string, unknown> }): string[] {
  return Object.keys(schema.properties ?? {}).filter((name) => !name.startsWith("$"));
}

/** One ajv error (with `verbose`, so that it carries the value) as "<entry> <what is wrong>; <the fix>". */
export function describeSchemaError(error: ErrorObject, fields: readonly string[]): string {
  const entry = entryOf(error.instancePath);
  const at = entry === "the manifest" ? "" : `${entry}: `;
  switch (error.keyword) {
    case "required":
      return `${at}${String(error.params.missingProperty)} is missing`;
    case "additionalProperties": {
      const name = String(error.params.additionalProperty);
      const fix = didYouMean(name, fields) || `; the fields are ${fields.join(", ")} (specs/manifest.schema.json)`;
      return `${at}${JSON.stringify(name)} is not a field of a manifest${fix}`;
    }
    case "pattern":
      return `${entry} is ${valueOf(error.data)}, not a GUID (like 4caed38b-9823-453f-8290-e9dd2b591174)`;
    case "uniqueItems": {
      const [first, second] = [Number(error.params.j), Number(error.params.i)].sort((a, b) => a - b);
      const id = (error.data as unknown[])[second!];
      return `${entry} lists ${valueOf(id)} twice, at [${first}] and [${second}]: remove one`;
    }
    case "minItems":
      return `${entry} must list at least ${String(error.params.limit)} id`;
    case "type":
      return `${entry} must be ${typeNames[String(error.params.type)] ?? String(error.params.type)}, not ${valueOf(error.data)}`;
    default:
      return `${entry} ${error.message ?? "is not valid"}`;
  }
}

/**
 * A parser's error as " at line <l>, column <c>: <reason>", one line: the
 * YAML parser's message repeats the position and the line's text, JSON's
 * gives a character offset.
 */
export function describeParseError(error: Error, text: string): string {
  const yamlPosition = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  if (yamlPosition) {
    const reason = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
    return ` at line ${yamlPosition.line}, column ${yamlPosition.col}: ${lowerFirst(reason)}`;
  }
  const offset = /at position (\d+)/.exec(error.message);
  const reason = error.message.split("\n")[0]!.replace(/ in JSON at position \d+.*$/, "");
  if (!offset) return `: ${lowerFirst(reason)}`;
  const before = text.slice(0, Number(offset[1])).split("\n");
  return ` at line ${before.length}, column ${before.at(-1)!.length + 1}: ${lowerFirst(reason)}`;
}

const typeNames: Record<string, string> = {
  object: "a mapping of fields (itwinId: …, memberGroupIds: […])",
  array: "a list of GUIDs",
  string: "a GUID",
};

/** "/memberGroupIds/1" → "memberGroupIds[1]", as the preflight names an entry too. */
function entryOf(instancePath: string): string {
  if (!instancePath) return "the manifest";
  return instancePath
    .slice(1)
    .split("/")
    .map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : `${i ? "." : ""}${part}`))
    .join("");
}

function valueOf(value: unknown): string {
  if (typeof value === "string") return shown(value);
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return typeof value === "object" ? "a mapping" : `${typeof value} ${JSON.stringify(value)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
