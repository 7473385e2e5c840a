import type { ValidateFunction } from "ajv";
import * as validators from "../../generated/validators";
import type { SchemaValidator } from "../checks/provisioning-contract";
import { ajvForSpec, schemaId, validatorExports, type ValidatorName } from "../validation/schemas";
import { loadSpec } from "../validation/spec";

const standalone = new Map<string, SchemaValidator>(
  Object.entries(validatorExports).map(([fn, schema]) => [schema, validators[fn as ValidatorName]]),
);
let compiled: ReturnType<typeof ajvForSpec> | undefined;

/**
 * The validator of a component schema of the fragment: the generated one
 * where the suite has it, else compiled from the fragment on first use, so
 * the answers of every sibling operation are judged, an operation added to
 * the fragment's included, with the same ajv configuration.
 */
export function schemaValidator(schema: string): SchemaValidator | undefined {
  const known = standalone.get(schema);
  if (known) return known;
  compiled ??= ajvForSpec(loadSpec(), { standalone: false });
  return compiled.getSchema(schemaId(schema)) as ValidateFunction | undefined;
}
