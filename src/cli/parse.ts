import path from "node:path";
import { didYouMean } from "../core/did-you-mean";
import {
  helpFlags,
  playwrightOptions,
  settingFlags,
  versionFlag,
  type PlaywrightOption,
  type SettingFlag,
} from "./options";

/** A command line the tool cannot run: one line for stderr, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type Command =
  | { kind: "help" }
  | { kind: "version" }
  /** settings: variable → value as given; playwrightArgs: what follows `playwright test tests/conformance`. */
  | { kind: "run"; settings: Record<string, string>; playwrightArgs: string[] };

const settingByFlag = new Map<string, SettingFlag>(settingFlags.map((f) => [f.flag, f]));
const playwrightByName = new Map<string, PlaywrightOption>(
  playwrightOptions.flatMap((o) => o.names.map((n) => [n, o] as const)),
);
/** Every long option, for the hint to a misspelt one. */
const longNames = [
  ...settingFlags.map((f) => f.flag),
  ...playwrightOptions.flatMap((o) => o.names),
  ...helpFlags,
  versionFlag,
].filter((n) => n.startsWith("--"));
const shortNames = new Set(
  [...helpFlags, ...playwrightOptions.flatMap((o) => o.names)].filter((n) => !n.startsWith("--")),
);

/**
 * Reads the command line. Relative paths given to path flags (and to
 * Playwright's --output) are resolved against `cwd`, the directory the user
 * runs the command in, since the suite itself runs from its own directory.
 * Values are not validated here: the suite's own configuration check does
 * that, with the same messages as `npm run conformance`.
 */
export function parseCommandLine(argv: string[], cwd: string): Command {
  const end = argv.indexOf("--");
  const own = end < 0 ? argv : argv.slice(0, end);
  const afterDashes = end < 0 ? [] : argv.slice(end + 1);
  if (own.some((a) => helpFlags.includes(a))) return { kind: "help" };
  if (own.includes(versionFlag)) return { kind: "version" };

  const settings: Record<string, string> = {};
  const playwrightArgs: string[] = [];
  for (let i = 0; i < own.length; i++) {
    const arg = own[i]!;
    if (!arg.startsWith("-") || arg === "-") {
      // Not echoed: a stray word may be half of a secret that lost its quotes.
      throw new UsageError(
        `unexpected argument in position ${i + 1}: only options go here, Playwright's own arguments after --; see --help`,
      );
    }
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const takesValue = (placeholder: string | undefined): string | undefined => {
      if (placeholder === undefined) {
        if (equals >= 0) throw new UsageError(`${name} takes no value; see --help`);
        return undefined;
      }
      if (equals >= 0) return arg.slice(equals + 1);
      const next = own[i + 1];
      if (next === undefined || next.startsWith("--") || shortNames.has(next))
        throw new UsageError(`${name} needs a value ${placeholder}; see --help`);
      i++;
      return next;
    };

    const setting = settingByFlag.get(name);
    if (setting) {
      const value = takesValue(setting.value);
      settings[setting.variable] = value === undefined ? setting.switchValue! : resolvePath(setting, value, cwd);
      continue;
    }
    const option = playwrightByName.get(name);
    if (option) {
      const value = takesValue(option.value);
      if (option.passAs) {
        playwrightArgs.push(...option.passAs(value!));
        continue;
      }
      const passed = option.names[0];
      // The `--name=value` form: Playwright's variadic --project would otherwise swallow the arguments after it.
      if (value === undefined) playwrightArgs.push(passed);
      else playwrightArgs.push(`${passed}=${option.path && value !== "" ? path.resolve(cwd, value) : value}`);
      continue;
    }
    throw new UsageError(`unknown option ${name}${didYouMean(asFlag(name), longNames)}; see --help`);
  }
  return { kind: "run", settings, playwrightArgs: [...playwrightArgs, ...afterDashes] };
}

/** A setting's variable given as a flag (--CONFORMANCE_BASE_URL) read as the flag it has (--base-url), for the hint. */
function asFlag(name: string): string {
  return name
    .toLowerCase()
    .replace(/_/g, "-")
    .replace(/^--conformance-/, "--");
}

function resolvePath(flag: Pick<SettingFlag, "path" | "literals">, value: string, cwd: string): string {
  if (!flag.path || value.trim() === "" || flag.literals?.includes(value)) return value;
  return path.resolve(cwd, value);
}

/**
 * The suite's environment: the user's, with the flags' settings on top (a
 * flag wins; the suite's .env never overrides a variable that is set, so a
 * flag wins over .env too). Relative paths in the user's own variables are
 * taken from the user's directory, as the flags' are.
 */
export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  settings: Record<string, string>,
  cwd: string,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...parent };
  for (const flag of settingFlags) {
    const value = env[flag.variable];
    if (value !== undefined) env[flag.variable] = resolvePath(flag, value, cwd);
  }
  return { ...env, ...settings };
}
