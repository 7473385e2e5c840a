import { expect, test } from "@playwright/test";
import { playwrightOptions, settingFlags } from "../../src/cli/options";
import { childEnvironment, parseCommandLine, UsageError } from "../../src/cli/parse";
import { knownSettings } from "../../src/settings/table";

const cwd = "/home/ci/job";
const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";

/** What the suite would get: its environment, and the arguments after `playwright test tests/conformance`. */
function plan(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const command = parseCommandLine(argv, cwd);
  if (command.kind !== "run") return command;
  return { env: childEnvironment(env, command.settings, cwd), playwrightArgs: command.playwrightArgs };
}

test.describe("the table of flags", () => {
  test("every setting of the suite has a flag, and every flag sets a setting", () => {
    const settings = knownSettings.map((s) => s.name);
    expect(settingFlags.map((f) => f.variable).sort()).toEqual([...settings].sort());
  });

  test("each flag is its variable's name in lower case with dashes (the README says so)", () => {
    const unlike = settingFlags.filter(
      (f) =>
        f.flag !==
        `--${f.variable
          .replace(/^CONFORMANCE_/, "")
          .toLowerCase()
          .replace(/_/g, "-")}`,
    );
    expect(unlike.map((f) => f.flag)).toEqual([]);
  });

  test("no name is taken twice, by a setting flag or a Playwright option", () => {
    const names = [
      ...settingFlags.map((f) => f.flag),
      ...playwrightOptions.flatMap((o) => o.names),
      "--help",
      "-h",
      "--version",
    ];
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});

const runs: [
  string,
  {
    argv: string[];
    env?: NodeJS.ProcessEnv;
    want: { env?: Record<string, string | undefined>; playwrightArgs?: string[] };
  },
][] = [
  [
    "no options: the suite as configured",
    {
      argv: [],
      env: { CONFORMANCE_RATE_LIMIT_BUDGET: "5" },
      want: { env: { CONFORMANCE_RATE_LIMIT_BUDGET: "5" }, playwrightArgs: [] },
    },
  ],
  [
    "a flag sets its variable",
    {
      argv: ["--base-url", "https://qa.example.test/accesscontrol"],
      want: { env: { CONFORMANCE_BASE_URL: "https://qa.example.test/accesscontrol" } },
    },
  ],
  ["the --flag=value form", { argv: [`--itwin-id=${itwin}`], want: { env: { CONFORMANCE_ITWIN_ID: itwin } } }],
  [
    "a flag wins over the same variable in the environment",
    {
      argv: ["--scope", "from-flag"],
      env: { CONFORMANCE_SCOPE: "from-env" },
      want: { env: { CONFORMANCE_SCOPE: "from-flag" } },
    },
  ],
  [
    "the environment's other settings stay",
    {
      argv: ["--base-url", "https://x.test"],
      env: { CONFORMANCE_TOKEN: "t" },
      want: { env: { CONFORMANCE_BASE_URL: "https://x.test", CONFORMANCE_TOKEN: "t" } },
    },
  ],
  [
    "the last of a repeated flag wins",
    { argv: ["--fixtures", "api", "--fixtures", "manifest"], want: { env: { CONFORMANCE_FIXTURES: "manifest" } } },
  ],
  ["--allow-production sets 1", { argv: ["--allow-production"], want: { env: { CONFORMANCE_ALLOW_PRODUCTION: "1" } } }],
  [
    "an empty value is passed on, for the suite to refuse",
    { argv: ["--base-url="], want: { env: { CONFORMANCE_BASE_URL: "" } } },
  ],
  [
    "relative paths are taken from the user's directory",
    {
      argv: ["--report-dir", "out", "--manifest", "ids.yaml", "--env-file", "ci.env"],
      want: {
        env: {
          CONFORMANCE_REPORT_DIR: `${cwd}/out`,
          CONFORMANCE_MANIFEST: `${cwd}/ids.yaml`,
          CONFORMANCE_ENV_FILE: `${cwd}/ci.env`,
        },
      },
    },
  ],
  [
    "an absolute path is kept",
    { argv: ["--report-dir", "/tmp/reports"], want: { env: { CONFORMANCE_REPORT_DIR: "/tmp/reports" } } },
  ],
  ["--env-file none reads no file", { argv: ["--env-file", "none"], want: { env: { CONFORMANCE_ENV_FILE: "none" } } }],
  [
    "relative paths in the user's own variables are taken from the user's directory too",
    {
      argv: [],
      env: { CONFORMANCE_REPORT_DIR: "reports/ci", CONFORMANCE_ENV_FILE: "none", CONFORMANCE_MANIFEST: "" },
      want: {
        env: { CONFORMANCE_REPORT_DIR: `${cwd}/reports/ci`, CONFORMANCE_ENV_FILE: "none", CONFORMANCE_MANIFEST: "" },
      },
    },
  ],
  ["a value may start with a single dash", { argv: ["--scope", "-odd"], want: { env: { CONFORMANCE_SCOPE: "-odd" } } }],
  [
    "--grep and -g go to Playwright",
    {
      argv: ["-g", "@NOT-FOUND-ITWIN", "--grep-invert", "rate"],
      want: { env: {}, playwrightArgs: ["--grep=@NOT-FOUND-ITWIN", "--grep-invert=rate"] },
    },
  ],
  [
    "Playwright's options for large CI setups",
    {
      argv: [
        "--shard",
        "2/4",
        "-j",
        "4",
        "--retries=1",
        "--repeat-each",
        "2",
        "--max-failures",
        "3",
        "-x",
        "--list",
        "--quiet",
        "--pass-with-no-tests",
        "--timeout",
        "90000",
        "--trace",
        "on",
        "--reporter",
        "dot",
        "--add-reporter",
        "line",
      ],
      want: {
        playwrightArgs: [
          "--shard=2/4",
          "--workers=4",
          "--retries=1",
          "--repeat-each=2",
          "--max-failures=3",
          "-x",
          "--list",
          "--quiet",
          "--pass-with-no-tests",
          "--timeout=90000",
          "--trace=on",
          "--reporter=dot",
          "--add-reporter=line",
        ],
      },
    },
  ],
  [
    "Playwright's --output is taken from the user's directory",
    { argv: ["--output", "artefacts"], want: { playwrightArgs: [`--output=${cwd}/artefacts`] } },
  ],
  [
    "--project cannot swallow what follows --",
    {
      argv: ["--project", "conformance", "--", "not-found"],
      want: { playwrightArgs: ["--project=conformance", "not-found"] },
    },
  ],
  [
    "everything after -- goes to Playwright unchanged",
    { argv: ["--", "--headed", "--help", "x"], want: { env: {}, playwrightArgs: ["--headed", "--help", "x"] } },
  ],
];

test.describe("reading the command line", () => {
  for (const [title, { argv, env, want }] of runs) {
    test(title, () => {
      const got = plan(argv, env);
      expect(got).toHaveProperty("env");
      const run = got as Exclude<typeof got, { kind: string }>;
      if (want.env) {
        const own = Object.fromEntries(Object.entries(run.env).filter(([name]) => name.startsWith("CONFORMANCE_")));
        expect(own).toEqual(want.env);
      }
      if (want.playwrightArgs) expect(run.playwrightArgs).toEqual(want.playwrightArgs);
    });
  }

  for (const flag of settingFlags) {
    test(`${flag.flag} sets ${flag.variable}`, () => {
      const got = plan(flag.value ? [flag.flag, "value-1"] : [flag.flag]);
      const want = flag.value ? (flag.path ? `${cwd}/value-1` : "value-1") : flag.switchValue;
      expect(got).toHaveProperty(["env", flag.variable], want);
    });
  }

  const bad: [string, { argv: string[]; want: RegExp }][] = [
    ["an unknown option", { argv: ["--bogus"], want: /^unknown option --bogus; see --help$/ }],
    [
      "a misspelt setting flag, with the flag meant",
      { argv: ["--base-ur", "http://x"], want: /^unknown option --base-ur \(did you mean --base-url\?\); see --help$/ },
    ],
    [
      "a misspelt flag in the --name=value form, without its value",
      { argv: ["--tokn=abc"], want: /^unknown option --tokn \(did you mean --token\?\); see --help$/ },
    ],
    [
      "a setting's variable as a flag, with its flag",
      {
        argv: ["--CONFORMANCE_BASE_URL=http://x"],
        want: /^unknown option --CONFORMANCE_BASE_URL \(did you mean --base-url\?\); see --help$/,
      },
    ],
    [
      "a misspelt Playwright option, with the option meant",
      { argv: ["--workrs", "2"], want: /^unknown option --workrs \(did you mean --workers\?\); see --help$/ },
    ],
    [
      "a Playwright option the tool does not pass on before --",
      { argv: ["--headed"], want: /^unknown option --headed; see --help$/ },
    ],
    [
      "a flag at the end without its value",
      { argv: ["--base-url"], want: /^--base-url needs a value <url>; see --help$/ },
    ],
    [
      "a flag followed by another option instead of its value",
      { argv: ["--report-dir", "--grep", "x"], want: /^--report-dir needs a value <dir>; see --help$/ },
    ],
    [
      "a Playwright option followed by a short option",
      { argv: ["--grep", "-x"], want: /^--grep needs a value <regexp>; see --help$/ },
    ],
    [
      "a value given to a switch",
      { argv: ["--allow-production=yes"], want: /^--allow-production takes no value; see --help$/ },
    ],
    [
      "a positional argument",
      { argv: ["--list", "tests/conformance"], want: /^unexpected argument in position 2: .*see --help$/ },
    ],
  ];
  for (const [title, { argv, want }] of bad) {
    test(`refused: ${title}`, () => {
      expect(() => parseCommandLine(argv, cwd)).toThrow(UsageError);
      expect(() => parseCommandLine(argv, cwd)).toThrow(want);
    });
  }

  test("a refused command line never repeats a value, which may be a secret", () => {
    for (const argv of [
      ["--tokn=s3cret-canary"],
      ["--token", "s3cret", "canary"],
      ["--client-secret=s3cret-canary", "--x"],
    ]) {
      expect(() => parseCommandLine(argv, cwd)).toThrow(UsageError);
      expect(() => parseCommandLine(argv, cwd)).not.toThrow(/s3cret|canary/);
    }
  });

  const meta: [string, { argv: string[]; want: string }][] = [
    ["--help", { argv: ["--help"], want: "help" }],
    ["-h among other options", { argv: ["--base-url", "u", "-h"], want: "help" }],
    ["--help even after a bad option", { argv: ["--bogus", "--help"], want: "help" }],
    ["--version", { argv: ["--version"], want: "version" }],
  ];
  for (const [title, { argv, want }] of meta) {
    test(title, () => expect(parseCommandLine(argv, cwd)).toEqual({ kind: want }));
  }
});
