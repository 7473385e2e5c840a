import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { requirements, type RequirementId } from "../../generated/requirements";
import { observedBy, observedIn, observedTag } from "../../src/catalog/observed";
import { noCheckMatches, requirementGrep, requirementIds, SelectionError } from "../../src/catalog/selection";
import { responseChecks } from "../../src/checks/response-checks";
import { cli } from "../../src/cli/main";
import { parseCommandLine } from "../../src/cli/parse";
import { tags } from "../../src/suite/fixtures";
import { describeSelection } from "../../src/reporting/selection/selection-console";
import { partialSelection } from "../../src/reporting/selection/partial-run";
import { testFilters } from "../../src/reporting/selection/run-selection";
import { repoRoot } from "../../src/validation/spec";

const conformanceDir = path.join(repoRoot, "tests", "conformance");

/** The ids each conformance test passes to tags(), read from its source: the suite's files are not loaded here. */
function taggedIds(): RequirementId[][] {
  return readdirSync(conformanceDir)
    .filter((name) => name.endsWith(".spec.ts"))
    .flatMap((name) => [...readFileSync(path.join(conformanceDir, name), "utf8").matchAll(/\btags\(([^)]*)\)/g)])
    .map((call) => [...call[1]!.matchAll(/"([A-Z0-9-]+)"/g)].map((id) => id[1] as RequirementId));
}

test.describe("every requirement is selectable by its id", () => {
  test("some test carries each requirement's tag, its own or the observer's", () => {
    const carried = new Set(
      taggedIds().flatMap((ids) => tags(...ids).tag.map((tag) => tag.replace(/^@|\(observed\)$/g, ""))),
    );
    expect(requirements.map((r) => r.id).filter((id) => !carried.has(id))).toEqual([]);
  });

  test("only the response observer's requirements are declared as observed", () => {
    const observer = new Set(responseChecks.map((check) => check.requirement));
    expect(Object.keys(observedIn).filter((id) => !observer.has(id as RequirementId))).toEqual([]);
  });

  test("a test that provokes error answers carries the observer's tags too; its own come first", () => {
    expect(tags("NOT-FOUND-ITWIN").tag).toEqual([
      "@NOT-FOUND-ITWIN",
      "@DOCUMENTED-STATUS(observed)",
      "@ERROR-JSON(observed)",
      "@ERROR-SCHEMA(observed)",
      "@LEAK-TOKEN-ECHO(observed)",
    ]);
    expect(tags("MALFORMED-ID").tag).not.toContain(observedTag("DOCUMENTED-STATUS"));
    expect(tags("REMOVE-GROUP-KEPT", "REMOVE-MEMBERSHIP-GONE").tag).toEqual([
      "@REMOVE-GROUP-KEPT",
      "@REMOVE-MEMBERSHIP-GONE",
    ]);
  });

  test("a requirement a test checks itself is not also tagged as observed", () => {
    expect(observedBy(["REMOVE-204", "REMOVE-NO-CONTENT-LENGTH"])).toEqual([]);
  });
});

test.describe("--requirement", () => {
  const grepOf = (value: string) => new RegExp(requirementGrep(value));
  const selects: [string, { value: string; title: string; want: boolean }][] = [
    ["its own tag", { value: "NOT-FOUND-ITWIN", title: "x @NOT-FOUND-ITWIN", want: true }],
    ["an observed tag", { value: "ERROR-SCHEMA", title: "x @NOT-FOUND-ITWIN @ERROR-SCHEMA(observed)", want: true }],
    ["in lower case", { value: "not-found-itwin", title: "x @NOT-FOUND-ITWIN", want: true }],
    ["one of several", { value: "REMOVE-204, NOT-FOUND-GROUP", title: "x @NOT-FOUND-GROUP", want: true }],
    ["not another requirement", { value: "NOT-FOUND-ITWIN", title: "x @NOT-FOUND-GROUP", want: false }],
    ["not a longer id", { value: "REMOVE-204", title: "x @REMOVE-204X", want: false }],
  ];
  for (const [title, { value, title: testTitle, want }] of selects) {
    test(`selects ${title}: ${want}`, () => expect(grepOf(value).test(testTitle)).toBe(want));
  }

  test("is passed to Playwright as --grep", () => {
    expect(parseCommandLine(["--requirement", "ERROR-SCHEMA"], "/")).toEqual({
      kind: "run",
      settings: {},
      playwrightArgs: ["--grep=@(ERROR-SCHEMA)(?![\\w-])"],
    });
  });

  const refused: [string, { value: string; want: string }][] = [
    [
      "a misspelt id, with the nearest",
      {
        value: "NOT-FOUND-ITWN",
        want: `unknown requirement "NOT-FOUND-ITWN" (did you mean NOT-FOUND-ITWIN?); requirement ids are: ${requirementIds.join(", ")}`,
      },
    ],
    [
      "an id near none",
      { value: "BOGUS", want: `unknown requirement "BOGUS"; requirement ids are: ${requirementIds.join(", ")}` },
    ],
    [
      "no id",
      { value: " , ", want: `--requirement needs a requirement id; requirement ids are: ${requirementIds.join(", ")}` },
    ],
  ];
  for (const [title, { value, want }] of refused) {
    test(`refuses ${title} with exit code 2 and one line`, async () => {
      expect(() => requirementGrep(value)).toThrow(SelectionError);
      const err: string[] = [];
      const code = await cli(["--requirement", value], { env: {}, cwd: "/", out: () => {}, err: (t) => err.push(t) });
      expect({ code, err }).toEqual({ code: 2, err: [`${want}\n`] });
    });
  }
});

test("a selection that matches nothing names itself and lists the ids", () => {
  expect(noCheckMatches(describeSelection(["node", "cli", "test", "--grep", "@ERROR-SCHEMAX"], "--grep"))).toBe(
    `no check matches --grep "@ERROR-SCHEMAX"; requirement ids are: ${requirementIds.join(", ")}`,
  );
  expect(describeSelection(["test", "-G=x", "--grep-invert=@A"], "--grep-invert")).toBe('--grep-invert "@A"');
  expect(
    describeSelection(["test", "tests/conformance/x.spec.ts"], "the file filter tests/conformance/x.spec.ts"),
  ).toBe("the file filter tests/conformance/x.spec.ts");
});

test.describe("a partial run is known from its command line", () => {
  const pw = ["node", "playwright", "test"];
  const cases: [string, string[], string | undefined][] = [
    ["the whole suite", [...pw, "tests/conformance"], undefined],
    [
      "the whole suite, with a trailing slash and a value option",
      [...pw, "--trace", "on", "./tests/conformance/"],
      undefined,
    ],
    ["a --grep", [...pw, "tests/conformance", "--grep", "@NOT-FOUND-ITWIN"], "--grep"],
    ["a -g=", [...pw, "tests/conformance", "-g=x"], "-g"],
    ["a --grep-invert", [...pw, "tests/conformance", "--grep-invert=@RATE"], "--grep-invert"],
    ["--last-failed", [...pw, "tests/conformance", "--last-failed"], "--last-failed"],
    ["--only-changed", [...pw, "tests/conformance", "--only-changed"], "--only-changed"],
    ["a conformance project", [...pw, "--project=conformance"], "--project"],
    [
      "a file filter",
      [...pw, "tests/conformance/not-found.spec.ts"],
      "the file filter tests/conformance/not-found.spec.ts",
    ],
    ["a second filter", [...pw, "tests/conformance", "not-found"], "the file filter not-found"],
    [
      "a shard, which writes where merge reads it",
      [...pw, "tests/conformance", "--grep", "x", "--shard=1/2"],
      undefined,
    ],
    ["the project's own tests", [...pw, "--project=unit", "--grep", "x"], undefined],
    ["a unit test file", [...pw, "tests/unit/selection.spec.ts", "-g", "x"], undefined],
    ["no playwright test at all (a script)", ["node", "scripts/merge.ts", "--grep"], undefined],
  ];
  for (const [title, argv, want] of cases) {
    test(`${title}: ${want ?? "full"}`, () => expect(partialSelection(argv)).toBe(want));
  }

  test("an option's value is no file filter", () => {
    expect(
      testFilters(["test", "-c", "x.config.ts", "--workers", "2", "tests/conformance", "--reporter=list"]),
    ).toEqual(["tests/conformance"]);
  });
});
