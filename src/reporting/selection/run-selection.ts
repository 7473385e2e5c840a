/**
 * The run's selection, read in one place: which checks Playwright's command
 * line and configuration select. The history (is the run complete?), partial
 * runs (where does the verdict go?), the shard's blob report and the selection
 * console (which selection matched nothing?) all read it here. The command line
 * is parsed once per process: it is all there is before the first test (the
 * global setup clears the previous verdict) and in the configuration file,
 * which cannot see Playwright's parsed options. The reporter adds what the
 * configuration resolved (onBegin's FullConfig).
 */
import type { FullConfig } from "@playwright/test/reporter";

/** What a `playwright test` command line says about the run's selection. */
export interface CommandLine {
  /** Whether it runs tests (`playwright test`), rather than a script or another command. */
  runsTests: boolean;
  /** The file filters: the arguments after `test` that are no option nor an option's value. */
  fileFilters: string[];
  /** The values of --project. */
  projects: string[];
  /** The values of --grep (-g) and --grep-invert, as given. */
  grep: string[];
  grepInvert: string[];
  /** The first option that runs only some of the checks, by its name (--grep, --project, …). */
  selectingOption: string | undefined;
  /** Whether the run is a shard (--shard). */
  sharded: boolean;
  /** --list: the tests are listed, not run. */
  list: boolean;
  /** --pass-with-no-tests: a selection that matches nothing is the user's to have. */
  passWithNoTests: boolean;
}

/** The run's selection: what of Playwright's configuration, and its command line, says which checks run. */
export interface RunSelection {
  grep: RegExp | RegExp[];
  grepInvert: RegExp | RegExp[] | null;
  shard: { current: number; total: number } | null;
  maxFailures: number;
  /** The command line of the run (process.argv of Playwright's runner). */
  argv: readonly string[];
}

/** The run's selection from the configuration Playwright resolved (the reporter's onBegin) and its command line. */
export function runSelection(
  config: Pick<FullConfig, "grep" | "grepInvert" | "shard" | "maxFailures">,
  argv: readonly string[] = process.argv,
): RunSelection {
  const { grep, grepInvert, shard, maxFailures } = config;
  return { grep, grepInvert, shard, maxFailures, argv };
}

const parsed = new WeakMap<readonly string[], CommandLine>();

/** Whether a file filter of the command line lies in the conformance suite (tests/conformance). */
export const isInSuite = (filter: string) => filter.replace(/^\.\//, "").startsWith("tests/conformance");

/**
 * Whether the command line runs the conformance suite's files alone (`npm run conformance`: file filters, every one in
 * tests/conformance), and none of the project's own tests.
 */
export function runsTheSuiteAlone(argv: readonly string[] = process.argv): boolean {
  const { runsTests, fileFilters } = commandLine(argv);
  return runsTests && fileFilters.length > 0 && fileFilters.every(isInSuite);
}

/** The command line's selection, parsed once per command line. */
export function commandLine(argv: readonly string[] = process.argv): CommandLine {
  let line = parsed.get(argv);
  if (!line) {
    line = {
      runsTests: argv.includes("test"),
      fileFilters: testFilters(argv),
      projects: projects(argv),
      grep: optionValues(argv, ["--grep", "-g"]),
      grepInvert: optionValues(argv, ["--grep-invert", "-G"]),
      selectingOption: argv.find((arg) => selectingOption.test(arg))?.split("=")[0],
      sharded: argv.some((arg) => arg === "--shard" || arg.startsWith("--shard=")),
      list: argv.includes("--list"),
      passWithNoTests: argv.includes("--pass-with-no-tests"),
    };
    parsed.set(argv, line);
  }
  return line;
}

// Options of `playwright test` that run only some of the checks, or stop before all have run.
const selectingOption =
  /^(-g|--grep|--grep-invert|--last-failed|--only-changed|--test-list|--test-list-invert|--project|--shard|-x|--max-failures)(=|$)/;

/** The options of `playwright test` that take a value, so that the value is not read as a file filter. */
const valueOptions = new Set([
  "-c",
  "--config",
  "-g",
  "--grep",
  "-G",
  "--grep-invert",
  "-j",
  "--workers",
  "--project",
  "--reporter",
  "--retries",
  "--repeat-each",
  "--timeout",
  "--global-timeout",
  "--trace",
  "--output",
  "--shard",
  "--max-failures",
  "--test-list",
  "--test-list-invert",
  "--tsconfig",
  "--update-snapshots",
  "--update-source-method",
  "--browser",
]);

/** The file filters of a `playwright test` command line: its arguments that are no option nor an option's value. */
export function testFilters(argv: readonly string[]): string[] {
  const start = argv.indexOf("test");
  if (start < 0) return [];
  const filters: string[] = [];
  for (let i = start + 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("-")) filters.push(arg);
    else if (!arg.includes("=") && valueOptions.has(arg)) i++;
  }
  return filters;
}

/** The values of --project on the command line ("" for one without a value). */
function projects(argv: readonly string[]): string[] {
  return argv.flatMap((arg, i) =>
    arg.startsWith("--project=") ? [arg.slice("--project=".length)] : arg === "--project" ? [argv[i + 1] ?? ""] : [],
  );
}

/** The values of the command line's options `names` (`--grep x`, `-g x`, `--grep=x`). */
function optionValues(argv: readonly string[], names: readonly string[]): string[] {
  return argv.flatMap((arg, i) => {
    if (names.includes(arg)) return argv[i + 1] === undefined ? [] : [argv[i + 1]!];
    const name = names.find((n) => n.startsWith("--") && arg.startsWith(`${n}=`));
    return name ? [arg.slice(name.length + 1)] : [];
  });
}
