import { expect, test } from "@playwright/test";
import * as standalone from "../../generated/validators";
import { ajvForSpec, schemaId, validatorExports, type ValidatorName } from "../../src/validation/schemas";
import { loadSpec } from "../../src/validation/spec";

// The same table through runtime ajv (compiled now from specs/) and through the
// committed standalone code: both must agree, and agree with `want`.
const runtime = ajvForSpec(loadSpec(), { standalone: false });

const cases: [string, { validator: ValidatorName; given: unknown; want: boolean }][] = [
  [
    "the documented 401 example",
    {
      validator: "validateErrorResponse",
      given: {
        error: { code: "HeaderNotFound", message: "Header Authorization was not found in the request. Access denied." },
      },
      want: true,
    },
  ],
  [
    "the documented 404 example",
    {
      validator: "validateErrorResponse",
      given: { error: { code: "ItwinNotFound", message: "Requested iTwin is not available." } },
      want: true,
    },
  ],
  [
    "target: null",
    { validator: "validateErrorResponse", given: { error: { code: "X", message: "m", target: null } }, want: true },
  ],
  [
    "a string target",
    {
      validator: "validateErrorResponse",
      given: { error: { code: "X", message: "m", target: "groupId" } },
      want: true,
    },
  ],
  [
    "extra properties inside error (details)",
    {
      validator: "validateErrorResponse",
      given: { error: { code: "X", message: "m", details: [{ code: "InvalidValue", message: "d" }] } },
      want: true,
    },
  ],
  ["no error wrapper", { validator: "validateErrorResponse", given: { code: "X", message: "m" }, want: false }],
  [
    "an extra top-level property",
    { validator: "validateErrorResponse", given: { error: { code: "X", message: "m" }, status: 404 }, want: false },
  ],
  ["error without code", { validator: "validateErrorResponse", given: { error: { message: "m" } }, want: false }],
  ["error without message", { validator: "validateErrorResponse", given: { error: { code: "X" } }, want: false }],
  [
    "a numeric code",
    { validator: "validateErrorResponse", given: { error: { code: 404, message: "m" } }, want: false },
  ],
  [
    "a numeric target",
    { validator: "validateErrorResponse", given: { error: { code: "X", message: "m", target: 1 } }, want: false },
  ],
  ["error: null", { validator: "validateErrorResponse", given: { error: null }, want: false }],
  ["an array", { validator: "validateErrorResponse", given: [], want: false }],
  ["a string", { validator: "validateErrorResponse", given: "Not Found", want: false }],
  [
    "a group",
    {
      validator: "validateGroupResponse",
      given: {
        group: { id: "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11", name: "g", description: "d", members: [], imsGroups: [] },
      },
      want: true,
    },
  ],
  [
    "a group with a non-GUID id",
    { validator: "validateGroupResponse", given: { group: { id: "42", name: "g" } }, want: false },
  ],
  [
    "a role",
    {
      validator: "validateRoleResponse",
      given: {
        role: { id: "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11", displayName: "r", description: "d", permissions: [] },
      },
      want: true,
    },
  ],
  [
    "a member",
    {
      validator: "validateGroupMemberResponse",
      given: { member: { id: "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11", groupName: "g", roles: [] } },
      want: true,
    },
  ],
  [
    "a member without roles",
    {
      validator: "validateGroupMemberResponse",
      given: { member: { id: "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11" } },
      want: false,
    },
  ],
  [
    "added members",
    {
      validator: "validateGroupMembersResponse",
      given: {
        members: [
          {
            id: "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11",
            roles: [{ id: "1c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11", displayName: "r" }],
          },
        ],
      },
      want: true,
    },
  ],
];

for (const [title, { validator, given, want }] of cases) {
  test(`${validator}: ${title} → ${want ? "valid" : "invalid"} (runtime and standalone agree)`, () => {
    const compiled = runtime.getSchema(schemaId(validatorExports[validator]))!;
    const generated = standalone[validator] as standalone.StandaloneValidator<unknown>;
    expect(compiled(given)).toBe(want);
    expect(generated(given)).toBe(want);
    const keywords = (errors: { keyword: string; instancePath: string }[] | null | undefined) =>
      (errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(keywords(generated.errors)).toEqual(keywords(compiled.errors));
  });
}

test("every validator the generator exports exists in the standalone code", () => {
  for (const name of Object.keys(validatorExports))
    expect(typeof (standalone as Record<string, unknown>)[name]).toBe("function");
});
