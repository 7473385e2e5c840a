import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv from "ajv";
import { recommendedAccept } from "../../src/core/media-types";
import { expect, test } from "@playwright/test";
import { operations } from "../../generated/operations";
import { loadRequirementCatalog } from "../../src/catalog/requirements";
import { responseChecks } from "../../src/checks/response-checks";
import { mutants, variants } from "../../generated/deviations";
import { loadSpec, repoRoot, specPath } from "../../src/validation/spec";

test("the spec fragment is a valid OpenAPI 3.0 document", async () => {
  const api = await SwaggerParser.validate(specPath);
  expect((api as { openapi: string }).openapi).toMatch(/^3\.0\./);
});

test("exactly one operation is under test, and it is DELETE /itwins/{id}/members/groups/{groupId}", () => {
  const underTest = Object.entries(operations).filter(([, op]) => op.underTest);
  expect(underTest.map(([id, op]) => `${id} ${op.method} ${op.path}`)).toEqual([
    "removeItwinGroupMember DELETE /itwins/{id}/members/groups/{groupId}",
  ]);
  expect(Object.keys(underTest[0]![1].responses).sort()).toEqual(["204", "401", "404", "429"]);
});

test("the spec states the documented schemas exactly", () => {
  const schemas = (loadSpec().components as { schemas: Record<string, Record<string, unknown>> }).schemas;
  expect(schemas.Error).toMatchObject({
    required: ["code", "message"],
    additionalProperties: true,
    properties: { target: { type: "string", nullable: true } },
  });
  expect(schemas.ErrorResponse).toMatchObject({ required: ["error"], additionalProperties: false });
});

const catalog = loadRequirementCatalog();
const conformanceDir = path.join(repoRoot, "tests", "conformance");
const taggedInTests = new Set(
  readdirSync(conformanceDir)
    .filter((f) => f.endsWith(".spec.ts"))
    .flatMap((f) => [...readFileSync(path.join(conformanceDir, f), "utf8").matchAll(/tags\(([^)]*)\)/g)])
    .flatMap((m) => [...m[1]!.matchAll(/"([A-Z0-9-]+)"/g)].map((id) => id[1]!)),
);
const checkedByObserver = new Set<string>(responseChecks.map((c) => c.requirement));

test("every requirement of the catalog is checked by a test or by a response check", () => {
  const unchecked = catalog.filter((r) => !taggedInTests.has(r.id) && !checkedByObserver.has(r.id)).map((r) => r.id);
  expect(unchecked).toEqual([]);
});

test("every requirement a test or a check names is in the catalog", () => {
  const known = new Set(catalog.map((r) => r.id));
  expect([...taggedInTests, ...checkedByObserver].filter((id) => !known.has(id))).toEqual([]);
});

test("every MUST requirement is proven by a mutant that breaks it", () => {
  const proven = new Set<string>(mutants.flatMap((m) => m.breaks));
  expect(catalog.filter((r) => r.level === "MUST" && !proven.has(r.id)).map((r) => r.id)).toEqual([]);
});

test("every SHOULD requirement is proven by a variant that is warned about it", () => {
  const proven = new Set<string>(variants.flatMap((v) => v.warns));
  expect(catalog.filter((r) => r.level === "SHOULD" && !proven.has(r.id)).map((r) => r.id)).toEqual([]);
});

// The documentation recommends its Accept value and the suite requires a removal sent with `Accept: */*` to
// succeed: a mock generated from the fragment must accept both, so the value is the parameter's default, never an enum.
const acceptValues: [string, string][] = [
  ["the recommended media type", recommendedAccept],
  ["any media type", "*/*"],
  ["JSON", "application/json"],
];

for (const [title, value] of acceptValues) {
  test(`the fragment's Accept parameter accepts ${title}`, () => {
    const parameter = (loadSpec().components as { parameters: Record<string, { schema: object }> }).parameters.Accept!;
    const validate = new Ajv({ strict: false }).compile(parameter.schema);
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
  });
}

test("the fragment's Accept parameter names the suite's recommended media type as its default", () => {
  const parameter = (loadSpec().components as { parameters: Record<string, { schema: { default?: string } }> })
    .parameters.Accept!;
  expect(parameter.schema.default).toBe(recommendedAccept);
});
