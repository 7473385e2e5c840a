import type { ErrorObject } from "ajv";
import { operations } from "../../generated/operations";
import * as validators from "../../generated/validators";
import { jsonBody, type Exchange } from "../client/exchange";
import { validatorExports, type ValidatorName } from "../validation/validator-names";
import { problem, problemAlone, type Problem } from "./check";
import { formatAjvErrors } from "./response-checks";

/** A validator of one component schema: ajv's, standalone or compiled at run time. */
export type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const bySchema: Record<string, validators.StandaloneValidator<unknown>> = Object.fromEntries(
  Object.entries(validatorExports).map(([fn, schema]) => [schema, validators[fn as ValidatorName]]),
);

/**
 * What is wrong with a response of a provisioning operation against the spec
 * (undocumented status, or a body that does not match its schema), or
 * undefined. The suite cannot trust data it provisions through a response
 * that breaks its own contract, so the caller stops on it.
 */
export function provisioningContractProblem(
  exchange: Exchange,
  validatorFor: (schema: string) => SchemaValidator | undefined = (schema) => bySchema[schema],
): Problem | undefined {
  const responses = operations[exchange.operationId].responses as Record<
    string,
    { schema: string | null; headers: readonly string[] }
  >;
  const status = String(exchange.status);
  const documented = responses[status];
  if (!documented) {
    const expected = `one of ${Object.keys(responses).join(", ")}`;
    return problem(`status ${status} is not documented for ${exchange.operationId}`, expected, status);
  }
  const missing = documented.headers.filter((name) => exchange.headers[name.toLowerCase()] === undefined);
  if (missing.length)
    return problem(`required header(s) ${missing.join(", ")} missing`, documented.headers.join(", "), "missing");
  if (!documented.schema) return undefined;
  const validate = validatorFor(documented.schema);
  if (!validate) return problemAlone(`no validator for ${documented.schema}`, documented.schema, "no validator");
  if (exchange.bodyCutAt !== undefined)
    return problem(
      `body was cut at ${exchange.bodyCutAt} bytes, so it is not judged against ${documented.schema}`,
      documented.schema,
      `a body cut at ${exchange.bodyCutAt} bytes`,
    );
  const body = jsonBody(exchange);
  if (validate(body)) return undefined;
  const errors = formatAjvErrors(validate.errors);
  return problem(`body does not match ${documented.schema} (${errors})`, documented.schema, errors);
}
