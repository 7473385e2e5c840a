import { requirementGrep } from "../catalog/selection";
import { knownSettings } from "../settings/table";

/**
 * The command line's options, as tables: the help text, the parser and the
 * tests are all generated from them, so they cannot drift apart. The flags
 * of the settings come from the settings table (src/settings/table.ts).
 */

/** A flag that sets one of the suite's settings. */
export interface SettingFlag {
  flag: `--${string}`;
  variable: string;
  /** The value's placeholder in the help; absent for a switch, which sets the variable to `switchValue`. */
  value?: string;
  switchValue?: string;
  /** A file or directory: a relative one is taken from the directory the command runs in. */
  path: boolean;
  /** Values kept as they are, never resolved as paths. */
  literals?: readonly string[];
  /** A credential: as a flag it shows in the process list. */
  secret: boolean;
  /** The setting's meaning, in the help. */
  description: string;
  /** Said in the help after the setting's own description. */
  note?: string;
}

export const settingFlags: SettingFlag[] = knownSettings.map((setting) => ({
  flag: setting.flag,
  variable: setting.name,
  value: setting.placeholder,
  switchValue: setting.switchValue,
  path: setting.kind === "path",
  literals: setting.literals,
  secret: setting.secret ?? false,
  description: setting.description,
  note: setting.helpNote,
}));

/** One of Playwright's own `playwright test` options, passed on to it. */
export interface PlaywrightOption {
  /** The first name is the one passed on. */
  names: [string, ...string[]];
  value?: string;
  /** A directory Playwright resolves against its working directory: resolved here against the user's instead. */
  path?: boolean;
  description: string;
  /** What is passed to Playwright instead of the option itself, given its value. */
  passAs?: (value: string) => string[];
}

export const playwrightOptions: PlaywrightOption[] = [
  {
    names: ["--requirement"],
    value: "<ID[,ID...]>",
    description:
      "run only the tests of these requirement ids (those that check them, and those whose answers the observer judges against them)",
    passAs: (value) => [`--grep=${requirementGrep(value)}`],
  },
  {
    names: ["--grep", "-g"],
    value: "<regexp>",
    description:
      "run only the tests whose title or tags match, e.g. a requirement's tag: @NOT-FOUND-ITWIN; matching none is exit 2",
  },
  { names: ["--grep-invert", "-G"], value: "<regexp>", description: "leave out the tests whose title matches" },
  { names: ["--list"], description: "list the tests without running them, then the requirement ids each checks" },
  {
    names: ["--project"],
    value: "<name>",
    description: 'only this project: "conformance", or against an external target "conformance: rate limit"',
  },
  {
    names: ["--shard"],
    value: "<i/n>",
    description: "run the i-th of n parts of the suite (each part gives its own verdict)",
  },
  { names: ["--workers", "-j"], value: "<n>", description: "parallel workers (default 2)" },
  { names: ["--retries"], value: "<n>", description: "retries of a failed test; the last attempt decides" },
  { names: ["--repeat-each"], value: "<n>", description: "run each test n times" },
  { names: ["--max-failures"], value: "<n>", description: "stop after n failed tests" },
  { names: ["-x"], description: "stop after the first failed test" },
  { names: ["--timeout"], value: "<ms>", description: "timeout of each test" },
  { names: ["--trace"], value: "<mode>", description: "Playwright's trace mode (on, off, retain-on-failure, ...)" },
  { names: ["--add-reporter"], value: "<name>", description: "a reporter on top of the suite's own" },
  {
    names: ["--reporter"],
    value: "<name>",
    description: "replaces the suite's reporters, and with them the verdict and reports: prefer --add-reporter",
  },
  {
    names: ["--output"],
    value: "<dir>",
    path: true,
    description: "Playwright's test artefacts (default: <report dir>/test-results)",
  },
  { names: ["--quiet"], description: "do not print the tests' own output" },
  { names: ["--pass-with-no-tests"], description: "exit 0 when --grep matches no test" },
];

export const helpFlags = ["--help", "-h"];
export const versionFlag = "--version";

export const exitCodes: [number | string, string][] = [
  [0, "no MUST check failed (SHOULD findings are warnings)"],
  [1, "a MUST check failed, or the run itself failed"],
  [
    2,
    "configuration or connection error, bad command line, or a selection that matches no check: stopped before any test, with one message",
  ],
  ["130, 143", "interrupted (SIGINT, SIGTERM)"],
];
