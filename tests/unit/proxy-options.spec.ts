import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../../src/validation/spec";
import { defaultProxyPort, parseProxyArguments, proxyHelp, proxyOptions } from "../../src/proxy/options";

// The proxy's command line, read from its one table of options.

const target = "http://127.0.0.1:8080/accesscontrol";

test("--target alone: the default port, no idle exit", () => {
  const command = parseProxyArguments(["--target", target]);
  expect(command.kind === "run" && { ...command.options, target: command.options.target.href }).toEqual({
    target,
    port: defaultProxyPort,
  });
});

test("every option, in both forms", () => {
  const command = parseProxyArguments([`--target=${target}/`, "--port", "0", "--idle-exit=5", "--report-dir", "out"]);
  expect(command.kind === "run" && { ...command.options, target: command.options.target.href }).toEqual({
    target,
    port: 0,
    idleExitSeconds: 5,
    reportDir: "out",
  });
});

const refused: [string, string[], string][] = [
  ["no --target", [], "--target <base URL> is required"],
  ["an unknown option", ["--target", target, "--verbose"], "unknown option --verbose"],
  [
    "a misspelt option, with the one meant",
    ["--target", target, "--idle-exti", "5"],
    "unknown option --idle-exti (did you mean --idle-exit?)",
  ],
  ["a stray word, not echoed", ["--target", target, "s3cret"], "unexpected argument in position 3"],
  ["a flag without its value", ["--target"], "--target needs a value <base URL>"],
  ["a flag followed by another flag", ["--port", "--target", target], "--port needs a value <n>"],
  ["a target that is no URL", ["--target", "localhost:8080"], '--target must be an http(s) URL, got "localhost:8080"'],
  ["a target of another scheme", ["--target", "ftp://host/x"], '--target must be an http(s) URL, got "ftp://host/x"'],
  ["a target with a query", ["--target", `${target}?a=1`], "--target must be a base URL, without a query or fragment"],
  ["a target with a password", ["--target", "http://u:p@host/x"], "--target must not hold a user name or password"],
  [
    "a port past 65535",
    ["--target", target, "--port", "70000"],
    '--port needs a whole number from 0 to 65535, got "70000"',
  ],
  ["a negative port", ["--target", target, "--port=-1"], '--port needs a whole number from 0 to 65535, got "-1"'],
  [
    "an idle exit of 0",
    ["--target", target, "--idle-exit", "0"],
    '--idle-exit needs a whole number from 1 to 86400, got "0"',
  ],
  [
    "a fractional idle exit",
    ["--target", target, "--idle-exit", "1.5"],
    '--idle-exit needs a whole number from 1 to 86400, got "1.5"',
  ],
];
for (const [name, argv, message] of refused) {
  test(`refuses ${name}`, () => {
    expect(() => parseProxyArguments(argv)).toThrow(message);
  });
}

test("--help wins over anything else on the line", () => {
  expect(parseProxyArguments(["--bogus", "-h"])).toEqual({ kind: "help" });
});

test("the help lists every option of the table with its placeholder and description", () => {
  const help = proxyHelp("tool");
  for (const option of proxyOptions) {
    expect(help).toContain(`${option.flag} ${option.placeholder}`);
    expect(help).toContain(option.description);
  }
});

test("docs/command-line.md lists every option of the table", () => {
  const docs = readFileSync(path.join(repoRoot, "docs", "command-line.md"), "utf8");
  const section = docs.slice(docs.indexOf("## The validating proxy"));
  for (const option of proxyOptions) expect(section).toContain(`| \`${option.flag} ${option.placeholder}\``);
});
