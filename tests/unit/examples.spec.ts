import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse } from "yaml";
import { knownSettings } from "../../src/settings/table";
import { repoRoot } from "../../src/validation/spec";
import {
  isGitCheckout,
  kindOf,
  literalSecrets,
  missingRefs,
  nightlyOptionalSettings,
  npmScriptsUsed,
  optionalSettingsPassed,
  type Recipe,
  refExists,
  suiteRefs,
  unattendedProblems,
  unknownSettings,
  yamlFilesUnder,
} from "./recipe-checks";

const recipes: Recipe[] = yamlFilesUnder(repoRoot, "examples").map((file) => ({
  file,
  kind: kindOf(file),
  text: readFileSync(path.join(repoRoot, file), "utf8"),
}));
const scripts = Object.keys(
  (JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts,
);
const settingNames = knownSettings.map((s) => s.name);

test("examples: the CI recipes are there", () => {
  expect(recipes.map((r) => r.file)).toEqual(
    expect.arrayContaining([
      "examples/github-actions/gate-implementation-pr.yml",
      "examples/github-actions/certify-vendor-mock.yml",
      "examples/github-actions/nightly-staging.yml",
      "examples/github-actions/sharded-staging.yml",
      "examples/gitlab-ci/nightly-staging.gitlab-ci.yml",
    ]),
  );
});

for (const recipe of recipes) {
  test(`examples: ${recipe.file} parses as YAML`, () => {
    expect(() => parse(recipe.text)).not.toThrow();
  });

  test(`examples: ${recipe.file} uses only settings of the suite`, () => {
    expect(
      unknownSettings(recipe.text, settingNames),
      "CONFORMANCE_* names missing from knownSettings in src/config/settings.ts",
    ).toEqual([]);
  });

  test(`examples: ${recipe.file} runs only npm scripts that package.json has`, () => {
    const missing = npmScriptsUsed(recipe.text).filter((script) => !scripts.includes(script));
    expect(
      missing,
      missing.map((script) => `"npm run ${script}" is used, but package.json has no script "${script}"`).join("; "),
    ).toEqual([]);
  });

  if (recipe.kind !== "other") {
    test(`examples: ${recipe.file} has a trigger and a time-out on every job`, () => {
      expect(unattendedProblems(recipe)).toEqual([]);
    });
  }

  test(`examples: ${recipe.file} carries no secret in clear`, () => {
    expect(literalSecrets(recipe)).toEqual([]);
  });

  if (recipe.kind !== "other") {
    test(`examples: ${recipe.file} checks out a ref of the suite that exists`, () => {
      test.skip(!isGitCheckout(repoRoot), "not a git checkout: there are no refs to verify the recipe's against");
      expect(suiteRefs(recipe).length, "the recipe checks the suite out").toBeGreaterThan(0);
      expect(missingRefs(recipe, (ref) => refExists(repoRoot, ref))).toEqual([]);
    });
  }
}

// Every nightly or staging recipe passes the optional settings an unattended run can keep, the GitLab nightly the
// same as the GitHub one: an identity or setting added to the table shows up here until the recipes pass it.
const nightlies = recipes.filter((r) => r.kind !== "other" && /nightly|staging/.test(r.file));

test("examples: the nightly and staging recipes are found", () => {
  expect(nightlies.map((r) => r.file)).toEqual(
    expect.arrayContaining([
      "examples/github-actions/nightly-staging.yml",
      "examples/gitlab-ci/nightly-staging.gitlab-ci.yml",
    ]),
  );
});

for (const recipe of nightlies) {
  test(`examples: ${recipe.file} passes every optional setting a nightly can keep`, () => {
    expect(optionalSettingsPassed(recipe)).toEqual(nightlyOptionalSettings);
  });
}

test("examples: the GitLab nightly passes the same optional settings as the GitHub nightly", () => {
  const passed = (file: string) => optionalSettingsPassed(recipes.find((r) => r.file === file)!);
  expect(passed("examples/gitlab-ci/nightly-staging.gitlab-ci.yml")).toEqual(
    passed("examples/github-actions/nightly-staging.yml"),
  );
});

test("README: the CI recipes section names every recipe", () => {
  const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const section = /^## CI recipes\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
  expect(section, "README.md has a section ## CI recipes").toBeDefined();
  const workflows = recipes.filter((r) => r.kind !== "other").map((r) => r.file);
  expect(workflows.filter((file) => !section!.includes(file))).toEqual([]);
});

// The checks above can fail: each finds what it is meant to find.
const github = (text: string): Recipe => ({ file: "examples/github-actions/x.yml", kind: "github-actions", text });
const gitlab = (text: string): Recipe => ({ file: "examples/gitlab-ci/x.yml", kind: "gitlab-ci", text });
const onPush = "on: push\njobs:\n  run:\n    timeout-minutes: 5\n    runs-on: ubuntu-latest\n";

const checkout = (ref: string) =>
  `jobs:\n  run:\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${ref}\n`;
const onlyMain = (ref: string) => ref === "main";

const checks: [string, { check: () => string[]; want: string[] }][] = [
  [
    "a checkout of a tag that does not exist",
    {
      check: () => missingRefs(github(checkout("v0.1.0")), onlyMain),
      want: ['checks out "v0.1.0", which is no branch, tag or commit of the suite'],
    },
  ],
  ["a checkout of a ref that exists", { check: () => missingRefs(github(checkout("main")), onlyMain), want: [] }],
  [
    "a GitLab job's SUITE_REF that does not exist",
    {
      check: () => missingRefs(gitlab("nightly:\n  variables:\n    SUITE_REF: v0.1.0\n"), onlyMain),
      want: ['checks out "v0.1.0", which is no branch, tag or commit of the suite'],
    },
  ],
  [
    "the ref of another action's step is not the suite's",
    { check: () => suiteRefs(github(checkout("v1").replace("actions/checkout@v4", "other/action@v1"))), want: [] },
  ],
  [
    "the optional settings of a GitHub step's env",
    {
      check: () =>
        optionalSettingsPassed(
          github(
            "# CONFORMANCE_EXPIRED_TOKEN\nenv:\n  CONFORMANCE_TOKEN: x\n  CONFORMANCE_REMOVER_CLIENT_ID: ${{ secrets.X }}\n",
          ),
        ),
      want: ["CONFORMANCE_REMOVER_CLIENT_ID"],
    },
  ],
  [
    "the optional settings a GitLab recipe lists as CI/CD variables",
    {
      check: () =>
        optionalSettingsPassed(
          gitlab(
            "#   CONFORMANCE_ITWIN_ID  the iTwin\n#   CONFORMANCE_OTHER_ITWIN_ID  another\n# see CONFORMANCE_EXPIRED_TOKEN\nnightly:\n  variables:\n    CONFORMANCE_NO_SCOPE_TOKEN: $X\n",
          ),
        ),
      want: ["CONFORMANCE_NO_SCOPE_TOKEN", "CONFORMANCE_OTHER_ITWIN_ID"],
    },
  ],
  [
    "a misspelt setting",
    {
      check: () => unknownSettings("env:\n  CONFORMANCE_BASEURL: x\n  CONFORMANCE_TOKEN: y", settingNames),
      want: ["CONFORMANCE_BASEURL"],
    },
  ],
  [
    "the suite's internal variable is no setting",
    { check: () => unknownSettings("CONFORMANCE_RUN_CONTEXT: x", settingNames), want: ["CONFORMANCE_RUN_CONTEXT"] },
  ],
  [
    "npm scripts, with flags and arguments",
    {
      check: () => npmScriptsUsed("run: |\n  npm run -s conformance\n  npm run sweep -- --older-than 6h\n  npm ci"),
      want: ["conformance", "sweep"],
    },
  ],
  [
    "a workflow without a trigger",
    { check: () => unattendedProblems(github(onPush.replace("on: push\n", ""))), want: ["has no on: (no trigger)"] },
  ],
  [
    "a job without a time-out",
    {
      check: () => unattendedProblems(github(`${onPush}  other:\n    runs-on: ubuntu-latest\n`)),
      want: ["job other has no timeout-minutes"],
    },
  ],
  [
    "a GitLab job without a time-out or rules",
    {
      check: () => unattendedProblems(gitlab("nightly:\n  script: [npm run conformance]\n")),
      want: ["job nightly has no timeout", "job nightly has no rules (no trigger)"],
    },
  ],
  [
    "a secret from the secret store",
    {
      check: () =>
        literalSecrets(github("env:\n  CONFORMANCE_CLIENT_SECRET: ${{ secrets.CONFORMANCE_CLIENT_SECRET }}")),
      want: [],
    },
  ],
  [
    "a literal client secret",
    {
      check: () => literalSecrets(github("env:\n  CONFORMANCE_CLIENT_SECRET: hunter2-hunter2")),
      want: ["CONFORMANCE_CLIENT_SECRET has a literal value instead of ${{ secrets.… }}"],
    },
  ],
  [
    "a token from a variable, not a secret",
    {
      check: () => literalSecrets(github("env:\n  CONFORMANCE_TOKEN: ${{ vars.TOKEN }}")),
      want: ["CONFORMANCE_TOKEN has a literal value instead of ${{ secrets.… }}"],
    },
  ],
  [
    "a GitLab variable reference",
    { check: () => literalSecrets(gitlab("variables:\n  CONFORMANCE_TOKEN: $MOCK_TOKEN")), want: [] },
  ],
  [
    "a literal token in a command",
    {
      check: () => literalSecrets(github("run: CONFORMANCE_TOKEN='abc' npm run conformance")),
      want: ["CONFORMANCE_TOKEN is assigned a literal value in a command"],
    },
  ],
  [
    "a token from a shell variable in a command",
    { check: () => literalSecrets(github('run: echo "CONFORMANCE_TOKEN=$token" >> "$GITHUB_ENV"')), want: [] },
  ],
  [
    "a JWT anywhere, even in a comment",
    {
      check: () => literalSecrets(github("# eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.c2ln")),
      want: ["contains a JWT (eyJ…)"],
    },
  ],
  [
    "a literal bearer token",
    {
      check: () => literalSecrets(github("run: \"curl -H 'Authorization: Bearer 0123456789abcdef0123'\"")),
      want: ["contains a literal bearer token"],
    },
  ],
];

for (const [title, { check, want }] of checks) {
  test(`recipe checks: ${title}`, () => {
    expect(check()).toEqual(want);
  });
}

test("recipe checks: git knows main and not a tag the repository lacks", () => {
  test.skip(!isGitCheckout(repoRoot), "not a git checkout: there are no refs to verify");
  expect(["main", "v0.0.0-no-such-tag"].filter((ref) => !refExists(repoRoot, ref))).toEqual(["v0.0.0-no-such-tag"]);
});
