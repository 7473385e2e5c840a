import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import dotenv from "dotenv";
import { expect, test } from "@playwright/test";
import { identities, identitySettingNames } from "../../src/settings/identities";
import {
  eventually,
  npmScriptCommand,
  runToEnd,
  scriptCommand,
  startInBackground,
  suiteCommand,
  type RunResult,
} from "../support/harness";

// The reference service run on its own, as a user scripts against it: its
// banner, its settings file and its manifest are all a run against it needs.

test.describe.configure({ timeout: 120_000 });

const script = scriptCommand("scripts/reference-service.ts");
const guids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const fast = { REFERENCE_RATE_LIMIT: "100", REFERENCE_RATE_WINDOW_SECONDS: "1" };

/** Starts the service, waits for its banner, and gives it back with the way to stop it. */
async function standalone(env: Record<string, string>, canaries: string[] = []) {
  const run = startInBackground(script, { env, canaries });
  const up = await eventually(() => run.output().includes("Ctrl-C stops it."), 30_000);
  const stop = (): Promise<RunResult> => (run.signal("SIGTERM"), run.finish(10_000));
  if (!up) throw new Error(`the service did not start:\n${(await stop()).output}`);
  return { banner: run.output(), stop };
}

/** The settings the banner's command line sets, and its npm script. */
function commandLine(banner: string, ending: string): { env: Record<string, string>; script: string } {
  const line = banner.split("\n").find((l) => l.trim().startsWith("CONFORMANCE_ENV_FILE=") && l.endsWith(ending))!;
  const words = line.trim().split(" ");
  const env = Object.fromEntries(words.filter((w) => w.includes("=")).map((w) => w.split("=", 2) as [string, string]));
  return { env, script: words.at(-1)! };
}

test("with one REFERENCE_SEED, two starts print the same ids", async () => {
  const ids = async () => {
    const service = await standalone({ REFERENCE_SEED: "scripted" });
    await service.stop();
    return service.banner.match(guids);
  };
  const first = await ids();
  expect(first?.length).toBeGreaterThanOrEqual(8);
  expect(await ids()).toEqual(first);
});

test("the banner prints every setting a run needs but the secrets, and no secret", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "standalone-"));
  const canaries = ["custom-admin-secret-1", "conformance-reader-secret", "conformance-remover-secret"];
  const service = await standalone(
    { REFERENCE_ENV_FILE: path.join(dir, "ref.env"), REFERENCE_ADMIN_SECRET: canaries[0]! },
    canaries,
  );
  const written = dotenv.parse(readFileSync(path.join(dir, "ref.env")));
  canaries.push(written.CONFORMANCE_EXPIRED_TOKEN!, written.CONFORMANCE_NO_SCOPE_TOKEN!);
  // The control: the search finds what is there.
  canaries.push(written.CONFORMANCE_ITWIN_ID!);
  const { canarySearch } = await service.stop();
  expect(canarySearch!.found.map((f) => canaries[f.canary])).toEqual([written.CONFORMANCE_ITWIN_ID]);

  const printed = [
    "CONFORMANCE_BASE_URL",
    "CONFORMANCE_ITWIN_ID",
    "CONFORMANCE_OTHER_ITWIN_ID",
    "CONFORMANCE_TOKEN_URL",
    "CONFORMANCE_CLIENT_ID",
    ...identities.map((identity) => identitySettingNames(identity).clientId),
  ];
  for (const name of printed) expect(service.banner).toContain(`  export ${name}=${written[name]}\n`);
  expect(service.banner).toContain(`  CONFORMANCE_ENV_FILE=${path.join(dir, "ref.env")} npm run conformance\n`);
  expect(service.banner).toContain(
    "Rate limit: 500 requests per 60 s per token; the 429 checks need " +
      `CONFORMANCE_RATE_LIMIT_BUDGET=${written.CONFORMANCE_RATE_LIMIT_BUDGET}.\n`,
  );
  expect(statSync(path.join(dir, "ref.env")).mode & 0o777).toBe(0o600);
});

test("the command the banner prints runs every check, and its manifest command a manifest run", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "standalone-"));
  const service = await standalone({ ...fast, REFERENCE_ENV_FILE: path.join(dir, "ref.env") });
  try {
    const full = commandLine(service.banner, " npm run conformance");
    const run = await runToEnd(npmScriptCommand(full.script), { env: full.env, timeoutMs: 100_000 });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report!.checks.filter((c) => c.verdict !== "pass").map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
    const invalidToken = run.report!.checks.find((c) => c.id === "AUTH-INVALID-TOKEN")!;
    expect(invalidToken.reason ?? "").not.toContain("not checked");
    expect(run.report!.checks.filter((c) => c.id.startsWith("AUTHZ-")).length).toBeGreaterThanOrEqual(3);

    const manifest = commandLine(service.banner, "manifest.yaml npm run conformance");
    expect(manifest.env.CONFORMANCE_FIXTURES).toBe("manifest");
    const manifestRun = await runToEnd(npmScriptCommand(manifest.script), { env: manifest.env });
    expect(manifestRun.exitCode, manifestRun.output).toBe(0);
    expect(manifestRun.report!.verdict).toBe("pass");
    expect(manifestRun.report!.checks.find((c) => c.id === "REMOVE-204")?.verdict).toBe("pass");
  } finally {
    await service.stop();
  }
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`npm run reference-service stops on ${signal} to the pid npm reports, its settings folder removed`, async () => {
    const run = startInBackground(npmScriptCommand("reference-service"), { env: fast });
    expect(await eventually(() => run.output().includes("Ctrl-C stops it."), 30_000), run.output()).toBe(true);
    const origin = /listening on (\S+)/.exec(run.output())![1]!;
    const envFile = /export CONFORMANCE_ENV_FILE=(\S+)/.exec(run.output())![1]!;
    expect(existsSync(envFile)).toBe(true);
    // The npm process alone, as `kill <pid>` of a backgrounded `npm run reference-service &` does.
    run.signal(signal);
    const ended = await run.finish(10_000);
    expect(ended.timedOut, ended.output).toBe(false);
    await expect(fetch(`${origin}/accesscontrol/`)).rejects.toThrow();
    expect(existsSync(path.dirname(envFile))).toBe(false);
  });
}

test("without REFERENCE_ENV_FILE, the banner's export lines run as printed", async () => {
  const service = await standalone(fast);
  try {
    const exports = service.banner.split("\n").filter((line) => line.startsWith("  export "));
    expect(exports[0]).toMatch(/^ {2}export CONFORMANCE_ENV_FILE=\/.*reference-service-\w+\/reference\.env$/);
    const env = Object.fromEntries(
      exports.map((line) => line.slice("  export ".length).split("=", 2) as [string, string]),
    );
    expect(statSync(env.CONFORMANCE_ENV_FILE!).mode & 0o777).toBe(0o600);
    const run = await runToEnd(suiteCommand(["--grep", "@AUTHZ-REFUSED"]), { env, timeoutMs: 60_000 });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report!.checks.find((check) => check.id === "AUTHZ-REFUSED")?.verdict).toBe("pass");
  } finally {
    await service.stop();
  }
});

test("the banner says what the 429 probe costs in wall time", async () => {
  const service = await standalone({});
  await service.stop();
  expect(service.banner).toContain(
    "The 429 probe then waits out the window: a run of every check takes about 60 s more " +
      "(REFERENCE_RATE_WINDOW_SECONDS=5 makes it about 5 s).\n",
  );
});

test.describe("a bad setting stops the service with one message and exit 2", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "standalone-bad-"));
  writeFileSync(path.join(dir, ".env"), "CONFORMANCE_TOKEN=mine\n");
  const cases: [string, Record<string, string>, string][] = [
    [
      "a member group count that is not a number",
      { REFERENCE_MEMBER_GROUPS: "abc" },
      'REFERENCE_MEMBER_GROUPS must be a whole number from 1 to 1000, got "abc": fix it or unset it',
    ],
    [
      "a settings file in a folder that does not exist",
      { REFERENCE_ENV_FILE: path.join(dir, "missing", "ref.env") },
      `REFERENCE_ENV_FILE: cannot write "${path.join(dir, "missing", "ref.env")}" (ENOENT): name a file in a folder you can write to`,
    ],
    [
      "a settings file the service did not write",
      { REFERENCE_ENV_FILE: path.join(dir, ".env") },
      `REFERENCE_ENV_FILE: ${path.join(dir, ".env")} exists and was not written by the reference service: name another file, or remove it`,
    ],
    [
      "a misspelt variable",
      { REFERENCE_SEEDS: "1" },
      "REFERENCE_SEEDS: not a variable of the reference service; it reads REFERENCE_PORT, REFERENCE_RATE_LIMIT, " +
        "REFERENCE_RATE_WINDOW_SECONDS, REFERENCE_DEVIATIONS, REFERENCE_SEED, REFERENCE_MEMBER_GROUPS, " +
        "REFERENCE_ENV_FILE, REFERENCE_ADMIN_SECRET, REFERENCE_READER_SECRET, REFERENCE_PROBE_SECRET, " +
        "REFERENCE_REMOVER_SECRET, REFERENCE_ORG_ADMIN_SECRET (docs/reference-service.md)",
    ],
  ];
  for (const [label, env, message] of cases) {
    test(label, async () => {
      const run = await runToEnd(script, { env, timeoutMs: 30_000 });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(`${message}\n`);
      expect(readFileSync(path.join(dir, ".env"), "utf8")).toBe("CONFORMANCE_TOKEN=mine\n");
    });
  }

  test("a port in use", async () => {
    const taken = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => taken.once("listening", resolve));
    const { port } = taken.address() as { port: number };
    try {
      const run = await runToEnd(script, { env: { REFERENCE_PORT: String(port) }, timeoutMs: 30_000 });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(
        `REFERENCE_PORT ${port} is in use: choose another port, or unset REFERENCE_PORT for a free one\n`,
      );
    } finally {
      taken.close();
    }
  });
});
