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

const fields = "itwinId, memberGroupIds, nonMemberGroupIds, unknownItwinIds, unknownGroupIds";
const one = (problem: string) => `configuration error: m.yaml: ${problem}`;
const invalid: [string, { given: unknown; setting?: string; want: string }][] = [
  [
    "not an object",
    {
      given: ["x"],
      want: one("the manifest must be a mapping of fields (itwinId: …, memberGroupIds: […]), not a list"),
    },
  ],
  ["no iTwin", { given: { memberGroupIds: [g(1)] }, want: one("itwinId is missing") }],
  ["no member groups", { given: { itwinId: itwin }, want: one("memberGroupIds is missing") }],
  [
    "an empty member list",
    { given: { ...minimal, memberGroupIds: [] }, want: one("memberGroupIds must list at least 1 id") },
  ],
  [
    "a member id that is not a GUID, quoted, by its position",
    {
      given: { ...minimal, memberGroupIds: [g(1), "group-two"] },
      want: one('memberGroupIds[1] is "group-two", not a GUID (like 4caed38b-9823-453f-8290-e9dd2b591174)'),
    },
  ],
  [
    "an iTwin id of another type",
    { given: { ...minimal, itwinId: 5 }, want: one("itwinId must be a GUID, not number 5") },
  ],
  [
    "a single id where a list belongs",
    { given: { ...minimal, memberGroupIds: g(1) }, want: one(`memberGroupIds must be a list of GUIDs, not "${g(1)}"`) },
  ],
  [
    "an id listed twice: which, and where",
    {
      given: { ...minimal, memberGroupIds: [g(1), g(2), g(1)] },
      want: one(`memberGroupIds lists "${g(1)}" twice, at [0] and [2]: remove one`),
    },
  ],
  [
    "an id listed twice in other letter case",
    {
      given: { ...minimal, memberGroupIds: [itwin, g(1), itwin.toUpperCase()] },
      want: one(`memberGroupIds lists "${itwin}" twice (in other letter case), at [0] and [2]: remove one`),
    },
  ],
  [
    "a misspelt field, with the field meant",
    {
      given: { ...minimal, nonMemberGroupId: [g(2)] },
      want: one('"nonMemberGroupId" is not a field of a manifest (did you mean nonMemberGroupIds?)'),
    },
  ],
  [
    "a misspelt required field: the one meant, besides the missing one",
    {
      given: { itwinID: itwin, memberGroupIds: [g(1)] },
      want: 'configuration errors in m.yaml:\n  - itwinId is missing\n  - "itwinID" is not a field of a manifest (did you mean itwinId?)',
    },
  ],
  [
    "a field like none: the fields there are",
    {
      given: { ...minimal, extra: 1 },
      want: one(`"extra" is not a field of a manifest; the fields are ${fields} (specs/manifest.schema.json)`),
    },
  ],
  [
    "a group both member and not",
    {
      given: { ...minimal, nonMemberGroupIds: [g(1)] },
      want: one(
        `nonMemberGroupIds lists "${g(1)}", which memberGroupIds lists too: a group either is a member or is not; remove it from one`,
      ),
    },
  ],
  [
    "an unknown group the iTwin has",
    {
      given: { ...minimal, unknownGroupIds: [g(1)] },
      want: one(
        `unknownGroupIds lists "${g(1)}", a group of the iTwin (memberGroupIds or nonMemberGroupIds lists it): remove it from unknownGroupIds`,
      ),
    },
  ],
  [
    "its own iTwin as unknown",
    {
      given: { ...minimal, unknownItwinIds: [itwin] },
      want: one(`unknownItwinIds lists "${itwin}", the manifest's own itwinId: remove it from unknownItwinIds`),
    },
  ],
  [
    "an iTwin other than CONFORMANCE_ITWIN_ID",
    {
      given: minimal,
      setting: g(9),
      want: one(`itwinId "${itwin}" differs from CONFORMANCE_ITWIN_ID "${g(9)}": unset one, or make them agree`),
    },
  ],
  [
    "several problems, each on its line",
    {
      given: { itwinId: "x", memberGroupIds: ["y"] },
      want:
        "configuration errors in m.yaml:\n" +
        '  - itwinId is "x", not a GUID (like 4caed38b-9823-453f-8290-e9dd2b591174)\n' +
        '  - memberGroupIds[0] is "y", not a GUID (like 4caed38b-9823-453f-8290-e9dd2b591174)',
    },
  ],
];

for (const [title, { given, setting, want }] of invalid) {
  test(`manifest error: ${title}`, () => {
    expect(() => checkManifest(given, "m.yaml", setting)).toThrow(ConfigError);
    expect(() => checkManifest(given, "m.yaml", setting)).toThrow(new ConfigError(want));
  });
}

test("manifest: files are read as YAML or JSON by their extension", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "manifest-"));
  const file = (name: string, text: string) => (writeFileSync(path.join(dir, name), text), path.join(dir, name));
  expect(loadManifest(file("m.yaml", `itwinId: ${itwin}\nmemberGroupIds: [${g(1)}]\n`)).memberGroupIds).toEqual([g(1)]);
  expect(loadManifest(file("m.json", JSON.stringify(minimal))).itwinId).toBe(itwin);
});

const unreadable: [string, { name: string; text?: string; want: string }][] = [
  [
    "broken YAML: the line, the column and the parser's reason, on one line",
    {
      name: "bad.yaml",
      text: "itwinId: [\n",
      want: "is not valid YAML at line 2, column 1: flow sequence in block collection must be sufficiently indented and end with a ]",
    },
  ],
  [
    "YAML indented with a tab",
    {
      name: "tab.yaml",
      text: `itwinId: ${itwin}\n\tmemberGroupIds: []\n`,
      want: "is not valid YAML at line 2, column 1: tabs are not allowed as indentation",
    },
  ],
  [
    "broken JSON: the line and column of the offset JSON gives",
    {
      name: "bad.json",
      text: '{\n  "itwinId": 1,\n}',
      want: "is not valid JSON at line 3, column 1: expected double-quoted property name",
    },
  ],
  ["an empty JSON file", { name: "empty.json", text: "", want: "is not valid JSON: unexpected end of JSON input" }],
  [
    "a file that is not there",
    { name: "missing.yaml", want: "cannot be read (ENOENT: no such file): check the path in CONFORMANCE_MANIFEST" },
  ],
];

for (const [title, { name, text, want }] of unreadable) {
  test(`manifest error: ${title}`, () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "manifest-")), name);
    if (text !== undefined) writeFileSync(file, text);
    expect(() => loadManifest(file)).toThrow(
      new ConfigError(`configuration error: CONFORMANCE_MANIFEST "${file}" ${want}`),
    );
  });
}

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
