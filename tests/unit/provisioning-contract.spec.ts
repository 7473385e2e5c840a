import { expect, test } from "@playwright/test";
import { operations, type OperationId } from "../../generated/operations";
import { createObserver } from "../../src/checks/observer";
import { provisioningContractProblem } from "../../src/checks/provisioning-contract";
import type { Exchange } from "../../src/client/exchange";
import { validatorExports } from "../../src/validation/validator-names";

// Every answer of a sibling operation the suite sends is judged against its schema: none passes for want of a validator.

test("every schema a documented response names has a validator", () => {
  const named = new Set(
    Object.values(operations).flatMap((op) =>
      Object.values(op.responses as Record<string, { schema: string | null }>).flatMap((r) => r.schema ?? []),
    ),
  );
  const validated = new Set<string>(Object.values(validatorExports));
  expect([...named].filter((schema) => !validated.has(schema))).toEqual([]);
});

const id = "0c5f6f1e-1a9b-4c3e-8d8f-2b1e1f0a9c11";
const answer = (operationId: OperationId, body: unknown): Exchange => ({
  operationId,
  method: operations[operationId].method,
  url: "https://target.test/itwins/i/list",
  status: 200,
  headers: { "content-type": "application/json" },
  text: JSON.stringify(body),
});

const cases: [string, Exchange, string | undefined][] = [
  ["the whole list of groups", answer("getItwinGroups", { groups: [{ id, name: "g" }] }), undefined],
  [
    "a page of groups with its links",
    answer("getItwinGroups", { groups: [], _links: { self: { href: "https://target.test/x?$top=1" } } }),
    undefined,
  ],
  ["groups without names", answer("getItwinGroups", { groups: [{ id }] }), "GroupsResponse"],
  ["a page whose links have no self", answer("getItwinGroups", { groups: [], _links: {} }), "GroupsResponse"],
  ["roles with their type", answer("getItwinRoles", { roles: [{ id, displayName: "r", type: "Custom" }] }), undefined],
  ["roles as a bare list", answer("getItwinRoles", [{ id, displayName: "r" }]), "RolesResponse"],
];

for (const [title, exchange, schema] of cases) {
  test(`${exchange.operationId}: ${title} ${schema ? `breaks ${schema}` : "keeps the contract"}`, () => {
    const problem = provisioningContractProblem(exchange);
    if (schema) expect(problem?.summary).toMatch(new RegExp(`^body does not match ${schema} \\(`));
    else expect(problem).toBeUndefined();
  });
}

// A throttled provisioning request is waited out and sent again: its answer, however it is written, stops nothing.
const throttled = (body: unknown): Exchange => {
  const exchange = answer("deleteItwinGroup", body);
  return { ...exchange, status: 429, headers: { ...exchange.headers, "retry-after": "1" } };
};

test("a provisioning 429 whose body breaks ErrorResponse does not stop the caller", () => {
  const exchange = throttled({ error: { message: "Too many requests." } });
  expect(provisioningContractProblem(exchange)?.summary).toMatch(/^body does not match ErrorResponse/);
  expect(() => createObserver(undefined)(exchange)).not.toThrow();
});

test("a provisioning answer that breaks its schema stops the caller", () => {
  expect(() => createObserver(undefined)(answer("getItwinGroups", { groups: [{ id }] }))).toThrow(
    /provisioning response breaks the spec: body does not match GroupsResponse/,
  );
});
