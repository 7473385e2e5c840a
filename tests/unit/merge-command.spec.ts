import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { cli } from "../../src/cli/main";
import { shardReport } from "../support/check-results";

// `remove-group-member-conformance merge`: the same merge as `npm run merge`, paths from the user's directory.

const shardOf = (current: number) => shardReport({ shard: { current, total: 2 }, runId: `r${current}` });

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = mkdtempSync(path.join(tmpdir(), "merge-cli-"));
  for (const i of [1, 2]) {
    mkdirSync(path.join(cwd, `s${i}`));
    writeFileSync(path.join(cwd, `s${i}`, "conformance.json"), JSON.stringify(shardOf(i)));
  }
  let out = "";
  let err = "";
  try {
    const code = await cli(argv, { env, cwd, out: (t) => (out += t), err: (t) => (err += t) });
    const merged = existsSync(path.join(cwd, "out", "conformance.json"))
      ? (JSON.parse(readFileSync(path.join(cwd, "out", "conformance.json"), "utf8")) as { runId: string })
      : undefined;
    return { code, out, err, merged };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const refusals: [string[], string][] = [
  [["merge"], "merge refused: no report directories given: npm run merge -- <shard report dir> <shard report dir>…\n"],
  [["merge", "--bogus", "s1"], "unknown option --bogus; see remove-group-member-conformance merge --help\n"],
  [
    ["merge", "--report-dri=x", "s1"],
    "unknown option --report-dri (did you mean --report-dir?); see remove-group-member-conformance merge --help\n",
  ],
  [
    ["merge", "s1", "--report-dir"],
    "--report-dir needs a value <dir>; see remove-group-member-conformance merge --help\n",
  ],
];

for (const [argv, want] of refusals) {
  test(`command line: ${argv.join(" ")} is exit 2 with one message`, async () => {
    const { code, err, merged } = await run(argv);
    expect([code, err, merged]).toEqual([2, want, undefined]);
  });
}

test("command line: merge --help", async () => {
  const { code, out } = await run(["merge", "--help"]);
  expect(code).toBe(0);
  expect(out).toContain("Usage: remove-group-member-conformance merge [--report-dir <dir>] <shard report dir>");
});

for (const [how, argv, env] of [
  ["--report-dir", ["merge", "--report-dir", "out", "s1", "s2"], {}],
  ["CONFORMANCE_REPORT_DIR", ["merge", "s2", "s1"], { CONFORMANCE_REPORT_DIR: "out" }],
] as const) {
  test(`command line: merge into ${how}, relative to the current directory`, async () => {
    const { code, err, merged } = await run([...argv], { ...env });
    expect(code, err).toBe(0);
    expect(merged?.runId).toBe("r1+r2");
    expect(err).toContain("has no blob-report/");
  });
}
