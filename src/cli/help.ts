import { exitCodes, playwrightOptions, settingFlags, type SettingFlag } from "./options";

export const commandName = "remove-group-member-conformance";
export const binPath = `bin/${commandName}.cjs`;

/** Within the help, a setting is called by its flag: "required with --base-url", not "with CONFORMANCE_BASE_URL". */
function describe(flag: SettingFlag): string {
  const text = flag.description.replace(
    /\b(CONFORMANCE_[A-Z_]+)(=(\w+))?/g,
    (whole, variable: string, _assignment, value?: string) => {
      const other = settingFlags.find((f) => f.variable === variable);
      if (!other) return whole;
      return value === undefined || other.switchValue === value ? other.flag : `${other.flag} ${value}`;
    },
  );
  // A switch sets its value itself: "1: allow ..." reads "allow ...".
  const own = flag.switchValue !== undefined ? text.replace(`${flag.switchValue}: `, "") : text;
  return flag.note ? `${own}; ${flag.note}` : own;
}

/** `text` in lines of at most `width` characters, each starting with `indent`. */
function wrap(text: string, indent: string, width = 92): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(indent + line);
  return lines;
}

function table(rows: [string, string][], indent = "  "): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${indent}${left.padEnd(width)}  ${right}`.trimEnd());
}

export function helpText(): string {
  const secrets = settingFlags.filter((f) => f.secret);
  return [
    `Usage: ${commandName} [options] [-- <playwright test arguments>]`,
    `  in the suite's checkout:  npx ${commandName} ...`,
    `  anywhere:                 node <checkout>/${binPath} ...`,
    `  the shards of a run:      ${commandName} merge [--report-dir <dir>] <shard report dir>... (see merge --help)`,
    `  a validating proxy:       ${commandName} proxy --target <base URL> [--port <n>] ... (see proxy --help)`,
    "",
    ...wrap(
      "Runs the conformance suite of the iTwin Platform operation Remove iTwin group member " +
        "(DELETE {base}/itwins/{id}/members/groups/{groupId}) and prints its verdict; the reports go to " +
        "the report directory (default: reports/ in the suite's directory). Without --base-url it runs " +
        "against the suite's embedded reference service.",
      "",
    ),
    "",
    ...wrap(
      "Settings. Each flag sets the variable in brackets and wins over the environment and the .env file; " +
        "a setting without its flag comes from those as usual. Relative paths, in flags or environment " +
        "variables, are taken from the current directory; those inside a settings file, from the suite's directory.",
      "",
    ),
    ...settingFlags.flatMap((f) => [
      `  ${f.flag}${f.value ? ` ${f.value}` : ""}  (${f.variable}${f.switchValue ? `=${f.switchValue}` : ""})`,
      ...wrap(describe(f), "      "),
    ]),
    "",
    ...wrap(
      `Secrets: the value of ${secrets.map((f) => f.flag).join(", ")} on a command line is visible to ` +
        "other users of this machine (ps) while the run lasts. Prefer the environment (or the .env file) " +
        `for them: ${secrets.map((f) => f.variable).join(", ")}.`,
      "",
    ),
    "",
    "Playwright's own options, passed on to playwright test tests/conformance:",
    ...table(
      playwrightOptions.map((o) => [
        `${[...o.names].reverse().join(", ")}${o.value ? ` ${o.value}` : ""}`,
        o.description,
      ]),
    ),
    "  Everything after a bare -- is passed on to Playwright unchanged.",
    "",
    "Other options:",
    ...table([
      ["-h, --help", "this text"],
      ["--version", "the suite's version"],
    ]),
    "",
    "Exit codes:",
    ...table(exitCodes.map(([code, meaning]) => [String(code), meaning])),
    "",
    "Examples:",
    `  ${commandName}`,
    "      the suite against its embedded reference service",
    `  CONFORMANCE_TOKEN=<token> ${commandName} --base-url https://qa-api.bentley.com/accesscontrol \\`,
    "      --itwin-id <guid> --rate-limit-budget 600 --report-dir out/conformance",
    "      a staging deployment, the token from the environment",
    `  ${commandName} --grep @NOT-FOUND-ITWIN --shard 1/2 --workers 4`,
    "      one requirement's tests, in the first of two shards, with four workers",
    "",
  ].join("\n");
}
