import Ajv from "ajv";
import addFormats from "ajv-formats";
import type { JsonObject } from "./spec";

/** Base of the $id given to each component schema; refs between them resolve against it. */
export const schemaIdBase = "https://conformance.invalid/schemas/";

export { validatorExports, type ValidatorName } from "./validator-names";

const componentRef = /^#\/components\/schemas\/([A-Za-z0-9_.-]+)$/;

/** Rewrites OpenAPI `#/components/schemas/X` refs to the standalone schema id of X. */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") {
      const match = componentRef.exec(value);
      if (!match) throw new Error(`unsupported $ref ${value}: only #/components/schemas/* is resolved`);
      out[key] = `${schemaIdBase}${match[1]}`;
    } else {
      out[key] = rewriteRefs(value);
    }
  }
  return out;
}

/** Every schema under components.schemas, as a JSON Schema with its own $id. */
export function componentSchemas(spec: JsonObject): JsonObject[] {
  const components = spec.components as { schemas?: Record<string, JsonObject> } | undefined;
  const schemas = components?.schemas ?? {};
  return Object.keys(schemas)
    .sort()
    .map((name) => {
      const schema = rewriteRefs(schemas[name]) as JsonObject;
      // A $ref with siblings is ignored by draft-07; OpenAPI 3.0 documents use
      // `description` beside `$ref`, so keep the ref alone, as OpenAPI intends.
      return { $id: `${schemaIdBase}${name}`, ...stripRefSiblings(schema) };
    });
}

function stripRefSiblings(node: JsonObject): JsonObject {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== "object") return value;
    const obj = value as JsonObject;
    if (typeof obj.$ref === "string") return { $ref: obj.$ref };
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, walk(v)]));
  };
  return walk(node) as JsonObject;
}

/** The one ajv configuration: strict mode, every error, OpenAPI formats. */
export function createAjv(options: { standalone: boolean }): Ajv {
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    code: options.standalone ? { source: true, esm: false, lines: true } : undefined,
  });
  addFormats(ajv);
  return ajv;
}

/** An ajv instance holding every component schema of the spec. */
export function ajvForSpec(spec: JsonObject, options: { standalone: boolean }): Ajv {
  const ajv = createAjv(options);
  for (const schema of componentSchemas(spec)) ajv.addSchema(schema);
  return ajv;
}

export function schemaId(name: string): string {
  return `${schemaIdBase}${name}`;
}
