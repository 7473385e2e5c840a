import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../../src/core/errors";
import { checkManifest, loadManifest } from "../../src/provisioning/manifest";
import { removalsPerFullRun } from "../../src/provisioning/manifest-data";
import { repoRoot } from "../../src/validation/spec";

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";
const g = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const minimal = { itwinId: itwin, memberGroupIds: [g(1)] };

const valid: [string, { given: unknown; want: Record<string, unknown> }][] = [
  [
    "the least a manifest holds",
    {
      given: minimal,
      want: { itwinId: itwin, memberGroupIds: [g(1)], nonMemberGroupIds: [], unknownItwinIds: [], unknownGroupIds: [] },
    },
  ],
  [
    "upper-case ids are read lower-case",
    {
      given: { itwinId: itwin.toUpperCase(), memberGroupIds: [g(1).toUpperCase()] },
      want: { itwinId: itwin, memberGroupIds: [g(1)] },
    },
  ],
  [
    "every field",
    {
      given: { $schema: "x", ...minimal, nonMemberGroupIds: [g(2)], unknownItwinIds: [g(3)], unknownGroupIds: [g(4)] },
      want: { nonMemberGroupIds: [g(2)], unknownItwinIds: [g(3)], unknownGroupIds: [g(4)] },
    },
  ],
];

for (const [title, { given, want }] of valid) {
  test(`manifest: ${title}`, () => {
    expect(checkManifest(given, "m.yaml")).toMatchObject(want);
  });
}

const invalid: [string, { given: unknown; setting?: string; want: RegExp }][] = [
  ["not an object", { given: ["x"], want: /m\.yaml: the manifest must be object/ }],
  ["no iTwin", { given: { memberGroupIds: [g(1)] }, want: /m\.yaml: itwinId is missing/ }],
  ["no member groups", { given: { itwinId: itwin }, want: /memberGroupIds is missing/ }],
  [
    "an empty member list",
    { given: { ...minimal, memberGroupIds: [] }, want: /memberGroupIds must list at least 1 id/ },
  ],
  [
    "a member id that is not a GUID, by its position",
    { given: { ...minimal, memberGroupIds: [g(1), "group-two"] }, want: /memberGroupIds\.1 must be a GUID/ },
  ],
  [
    "an id listed twice",
    { given: { ...minimal, memberGroupIds: [g(1), g(1)] }, want: /memberGroupIds lists an id twice/ },
  ],
  [
    "a misspelt field",
    { given: { ...minimal, nonMemberGroupId: [g(2)] }, want: /nonMemberGroupId is not a field of a manifest/ },
  ],
  [
    "a group both member and not",
    {
      given: { ...minimal, nonMemberGroupIds: [g(1)] },
      want: /nonMemberGroupIds: 0.*01 is also listed in memberGroupIds/,
    },
  ],
  [
    "an unknown group the iTwin has",
    {
      given: { ...minimal, unknownGroupIds: [g(1)] },
      want: /unknownGroupIds: .* is listed as a group of the iTwin too/,
    },
  ],
  [
    "its own iTwin as unknown",
    { given: { ...minimal, unknownItwinIds: [itwin] }, want: /unknownItwinIds: .* is the manifest's own itwinId/ },
  ],
  [
    "an iTwin other than CONFORMANCE_ITWIN_ID",
    { given: minimal, setting: g(9), want: /differs from CONFORMANCE_ITWIN_ID/ },
  ],
  [
    "several problems, each on its line",
    {
      given: { itwinId: "x", memberGroupIds: ["y"], extra: 1 },
      want: /configuration errors in m\.yaml:\n {2}- .*\n {2}- .*\n {2}- /,
    },
  ],
];

for (const [title, { given, setting, want }] of invalid) {
  test(`manifest error: ${title}`, () => {
    expect(() => checkManifest(given, "m.yaml", setting)).toThrow(ConfigError);
    expect(() => checkManifest(given, "m.yaml", setting)).toThrow(want);
  });
}

test("manifest: files are read as YAML or JSON by their extension, and a broken one is named", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "manifest-"));
  const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
  expect(loadManifest(file("m.yaml", `itwinId: ${itwin}\nmemberGroupIds: [${g(1)}]\n`)).memberGroupIds).toEqual([g(1)]);
  expect(loadManifest(file("m.json", JSON.stringify(minimal))).itwinId).toBe(itwin);
  expect(() => loadManifest(file("bad.yaml", "itwinId: [\n"))).toThrow(/bad\.yaml is not valid YAML/);
  expect(() => loadManifest(file("bad.json", "{"))).toThrow(/bad\.json is not valid JSON/);
  expect(() => loadManifest(path.join(dir, "missing.yaml"))).toThrow(/missing\.yaml cannot be read \(ENOENT\)/);
});

test("manifest: the example under examples/ is a valid manifest with ids enough for a full run", () => {
  const example = parseYaml(readFileSync(path.join(repoRoot, "examples", "manifest.example.yaml"), "utf8")) as unknown;
  expect(checkManifest(example, "example").memberGroupIds.length).toBeGreaterThanOrEqual(removalsPerFullRun + 1);
});

// How many a full run removes is proven by a run against a target (tests/integration/manifest.spec.ts).
test("manifest: the docs say how many groups a full run removes", () => {
  const said = `removes ${removalsPerFullRun}`;
  for (const file of ["specs/manifest.schema.json", "docs/targets.md", "examples/manifest.example.yaml"]) {
    expect(readFileSync(path.join(repoRoot, file), "utf8"), file).toContain(said);
  }
});
