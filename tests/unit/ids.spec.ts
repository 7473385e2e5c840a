import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { canonicalId, isGuid, isGuidLike } from "../../src/core/ids";
import { manifestSchemaPath } from "../../src/provisioning/manifest";

const samples: [string, { guid: boolean; guidLike: boolean }][] = [
  ["4caed38b-9823-453f-8290-e9dd2b591174", { guid: true, guidLike: true }],
  ["4CAED38B-9823-453F-8290-E9DD2B591174", { guid: true, guidLike: true }],
  ["4caed38b9823453f8290e9dd2b591174", { guid: false, guidLike: true }],
  ["4caed38b-9823-453f-8290-e9dd2b5911740", { guid: false, guidLike: false }],
  ["4caed38b-9823-453f-8290-e9dd2b59117g", { guid: false, guidLike: false }],
  ["{4caed38b-9823-453f-8290-e9dd2b591174}", { guid: false, guidLike: false }],
  ["", { guid: false, guidLike: false }],
];

for (const [given, want] of samples) {
  test(`ids: ${JSON.stringify(given)} is ${want.guid ? "" : "not "}a GUID`, () => {
    expect(isGuid(given)).toBe(want.guid);
    expect(isGuidLike(given)).toBe(want.guidLike);
  });
}

test("ids: the manifest schema's GUID pattern accepts exactly what isGuid does", () => {
  const schema = readFileSync(manifestSchemaPath, "utf8");
  const patterns = [...schema.matchAll(/"pattern":\s*"([^"]+)"/g)].map((m) => new RegExp(m[1]!));
  expect(patterns.length).toBeGreaterThan(0);
  for (const pattern of patterns) {
    for (const [given] of samples) expect(pattern.test(given), `${pattern} on ${given}`).toBe(isGuid(given));
  }
});

test("ids: compared without regard to letter case", () => {
  expect(canonicalId("4CAED38B-9823-453F-8290-E9DD2B591174")).toBe("4caed38b-9823-453f-8290-e9dd2b591174");
  expect(canonicalId(undefined)).toBe("");
});
