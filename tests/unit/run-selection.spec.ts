import { expect, test } from "@playwright/test";
import { commandLine, runSelection, runsTheSuiteAlone } from "../../src/reporting/selection/run-selection";

// The run's selection, read in one place for the history, partial runs, the shard's blob report and the console.

test("a command line is parsed once into what selects the run's checks", () => {
  const argv = [
    "node",
    "cli",
    "test",
    "tests/conformance/not-found.spec.ts",
    "--project=conformance",
    "-g",
    "@A",
    "--grep-invert=@B",
    "--shard",
    "1/2",
    "--list",
  ];
  const line = commandLine(argv);
  expect(line).toEqual({
    runsTests: true,
    fileFilters: ["tests/conformance/not-found.spec.ts"],
    projects: ["conformance"],
    grep: ["@A"],
    grepInvert: ["@B"],
    selectingOption: "--project",
    sharded: true,
    list: true,
    passWithNoTests: false,
  });
  expect(commandLine(argv)).toBe(line);
});

test("a script's command line runs no tests and selects nothing", () => {
  expect(commandLine(["node", "scripts/merge.ts", "shard-1", "shard-2"])).toMatchObject({
    runsTests: false,
    fileFilters: [],
    selectingOption: undefined,
    sharded: false,
  });
});

test("the run's selection joins what the configuration resolved and the command line", () => {
  const argv = ["node", "cli", "test", "--pass-with-no-tests"];
  const selection = runSelection({ grep: /.*/, grepInvert: null, shard: null, maxFailures: 3 }, argv);
  expect(selection).toEqual({ grep: /.*/, grepInvert: null, shard: null, maxFailures: 3, argv });
  expect(commandLine(selection.argv).passWithNoTests).toBe(true);
});

// The configuration leaves the project's own tests out of a run of the suite alone, so that Playwright loads none of them.
for (const [title, args, alone] of [
  ["npm run conformance", ["test", "tests/conformance"], true],
  [
    "npm run conformance with a file of the suite and --grep",
    ["test", "./tests/conformance/not-found.spec.ts", "-g", "x"],
    true,
  ],
  ["npm test", ["test"], false],
  [
    "a file of the suite and one of the project's own tests",
    ["test", "tests/conformance", "tests/unit/ids.spec.ts"],
    false,
  ],
  ["--project conformance, no file filter", ["test", "--project", "conformance"], false],
  ["a worker, which runs no command", [], false],
] as const) {
  test(`${title}: ${alone ? "the suite alone" : "not the suite alone"}`, () => {
    expect(runsTheSuiteAlone(["node", "cli", ...args])).toBe(alone);
  });
}
