import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../../src/validation/spec";

// A new user plans the first hour by the quick start: every command there says how long it takes, and the prose
// below it gives the same figure as the command's comment.

/** A figure to plan with: "about 10 s", "4–5 min", "about a minute". */
const duration = /((?:about )?\d+(?:–\d+)? ?(?:s|min|minutes)|(?:about )?a minute)\b/;

/** The section's commands: each line of its sh blocks, split into the command and its comment. */
function quickStartCommands(readme: string): { command: string; comment: string }[] {
  const section = /^## Quick start\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? "";
  return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].flatMap((block) =>
    block[1]!
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => {
        const [command, ...comment] = line.split("#");
        return { command: command!.trim(), comment: comment.join("#").trim() };
      }),
  );
}

/** The commands whose comment gives no duration. */
function withoutDuration(commands: { command: string; comment: string }[]): string[] {
  return commands.filter(({ comment }) => !duration.test(comment)).map(({ command }) => command);
}

const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
const commands = quickStartCommands(readme);

test("README: the quick start has its commands", () => {
  expect(commands.map((c) => c.command)).toEqual(
    expect.arrayContaining(["npm ci", "npm run conformance", "npm run test:unit", "npm test"]),
  );
});

test("README: every command of the quick start says how long it takes", () => {
  expect(withoutDuration(commands)).toEqual([]);
});

test("README: the quick start's prose gives npm test and npm run conformance the figures of their comments", () => {
  for (const script of ["npm test", "npm run conformance"]) {
    const comment = commands.find((c) => c.command === script)?.comment ?? "";
    const figure = duration.exec(comment)?.[1]?.replace(/ ?min$/, " minutes");
    expect(readme, `the figure of "${script}  # ${comment}"`).toContain(`\`${script}\` takes ${figure}`);
  }
});

test("quick start checks: a command without a duration is found", () => {
  const text = "## Quick start\n\n```sh\nnpm ci   # install: about a minute\nnpm test   # everything\n```\n\n## Next\n";
  expect(withoutDuration(quickStartCommands(text))).toEqual(["npm test"]);
});
