import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { helpText, binPath } from "../../src/cli/help";
import { cli } from "../../src/cli/main";
import { exitCodes, playwrightOptions, settingFlags } from "../../src/cli/options";
import { repoRoot } from "../../src/validation/spec";

const cwd = "/home/ci/job";
const bin = path.join(repoRoot, binPath);

test.describe("--help and --version", () => {
  test("the help names every flag with its variable, every Playwright option and every exit code", () => {
    const help = helpText();
    for (const f of settingFlags) expect(help).toMatch(new RegExp(`^  ${f.flag}\\b.*\\(${f.variable}\\b`, "m"));
    for (const o of playwrightOptions) for (const name of o.names) expect(help).toContain(name);
    for (const [code] of exitCodes) expect(help).toMatch(new RegExp(`^  ${code}\\s`, "m"));
  });

  test("the help gives each setting's meaning from the suite's own list", () => {
    const help = helpText().replace(/\s+/g, " ");
    expect(help).toContain("where reports are written (default reports/)");
    expect(help).toContain("the iTwin the suite works in (required with --base-url)");
    expect(help).toContain("api (default): create the suite's own data; manifest: use the ids of --manifest");
  });

  test("the help warns that secrets on a command line are visible to others", () => {
    const help = helpText().replace(/\s+/g, " ");
    expect(help).toMatch(
      /--token, --client-secret, .*visible to other users of this machine \(ps\).*Prefer the environment/,
    );
    expect(help).toContain("CONFORMANCE_TOKEN, CONFORMANCE_CLIENT_SECRET");
  });

  test("--help and --version print to stdout and exit 0", async () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    for (const [argv, want] of [
      [["--help"], /^Usage: remove-group-member-conformance /],
      [["--version"], new RegExp(`^${pkg.version.replace(/\./g, "\\.")}\\n$`)],
    ] as const) {
      let out = "";
      let err = "";
      const code = await cli([...argv], { env: {}, cwd, out: (t) => (out += t), err: (t) => (err += t) });
      expect({ code, err }).toEqual({ code: 0, err: "" });
      expect(out).toMatch(want);
    }
  });
});

test.describe("the executable", () => {
  test("is the package's bin", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin).toEqual({ "remove-group-member-conformance": binPath });
    expect(readFileSync(bin, "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});
