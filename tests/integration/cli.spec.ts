import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { binCommand, npmScriptCommand, readReport, runToEnd, startInBackground } from "../support/harness";
import { answerRunRole } from "../support/run-role";

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";

test.describe("the executable", () => {
  const refused: [string, { argv: string[]; want: RegExp }][] = [
    ["an unknown option", { argv: ["--bogus"], want: /^unknown option --bogus; see --help\n$/ }],
    ["a flag without its value", { argv: ["--token"], want: /^--token needs a value <token>; see --help\n$/ }],
    ["a positional argument", { argv: ["tests"], want: /^unexpected argument in position 1: .*see --help\n$/ }],
  ];
  for (const [title, { argv, want }] of refused) {
    test(`refuses ${title} with one line and exit code 2, before any test`, async () => {
      const run = await runToEnd(binCommand(argv), { timeoutMs: 15_000 });
      expect(run.stderr).toMatch(want);
      expect(run.stdout).toBe("");
      expect(run.exitCode).toBe(2);
    });
  }

  test("a value the suite refuses stops the run with the suite's message and exit code 2", async () => {
    const run = await runToEnd(binCommand(["--fixtures", "bogus"]), { timeoutMs: 30_000 });
    expect(run.stderr.trim()).toBe('configuration error: CONFORMANCE_FIXTURES must be api or manifest, got "bogus"');
    expect(run.exitCode).toBe(2);
  });

  test("run from another directory, its flags win over the environment and the .env file", async () => {
    test.setTimeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), "conformance-cli-"));
    try {
      // The settings file would stop the run (exit 2) if the flag did not win over it.
      writeFileSync(path.join(dir, "settings.env"), "CONFORMANCE_FIXTURES=bogus\n");
      const run = await runToEnd(
        binCommand([
          "--env-file",
          "settings.env",
          "--fixtures",
          "api",
          "--report-dir",
          "from-flag",
          "--grep",
          "an unknown group answers 404",
        ]),
        { env: { CONFORMANCE_REPORT_DIR: path.join(dir, "from-env") }, cwd: dir, timeoutMs: 50_000 },
      );
      expect(run.exitCode, run.output).toBe(0);
      const report = readReport(path.join(dir, "from-flag"));
      expect(report?.verdict).toBe("pass");
      expect(report?.checks.find((c) => c.id === "NOT-FOUND-GROUP")?.verdict).toBe("pass");
      expect(existsSync(path.join(dir, "from-env"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const signals: [NodeJS.Signals, number][] = [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ];
  for (const [signal, want] of signals) {
    test(`stops the suite gracefully on ${signal} and ends with exit code ${want}`, async () => {
      test.setTimeout(45_000);
      // A target that answers the setup (the reachability check, the preflight's member lookup, the run's role) and holds
      // every request: the run is mid-test when it gets the signal.
      let midTest!: () => void;
      const requested = new Promise<void>((resolve) => (midTest = resolve));
      const sockets = new Set<Socket>();
      const target = createServer((request, response) => {
        if (answerRunRole(request, response)) return;
        if (request.method === "HEAD") response.end();
        else if (request.method === "GET")
          response
            .writeHead(404, { "Content-Type": "application/json" })
            .end(JSON.stringify({ error: { code: "GroupNotFound", message: "Requested group is not available." } }));
        else midTest();
      });
      target.on("connection", (socket) => sockets.add(socket));
      await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
      const dir = mkdtempSync(path.join(tmpdir(), "conformance-cli-"));
      try {
        const { port } = target.address() as AddressInfo;
        const started = startInBackground(
          binCommand([
            "--base-url",
            `http://127.0.0.1:${port}/accesscontrol`,
            "--itwin-id",
            itwin,
            "--request-timeout-ms",
            "1000",
            "--report-dir",
            dir,
            "--grep",
            "an unknown group answers 404",
          ]),
          { env: { CONFORMANCE_TOKEN: "t" } },
        );
        // Only the command gets the signal, as from a CI runner cancelling the job: it must pass it on.
        void requested.then(() => started.signal(signal));
        const run = await started.finish(40_000);
        expect(run.exitCode, run.output).toBe(want);
        // Stopped gracefully either way: its reporters ran, and an interrupted run is never a pass.
        expect(readReport(dir)).toMatchObject({ verdict: "fail", runStatus: "interrupted" });
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => target.close(() => resolve()));
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

test.describe("npm run conformance with the suite's own flags", () => {
  test("honours them: the run goes through the command line, and says so", async () => {
    test.setTimeout(60_000);
    const target = await startEmbeddedTarget();
    try {
      const run = await runToEnd(
        npmScriptCommand("conformance", [
          "--base-url",
          target.baseUrl,
          "--itwin-id",
          target.itwinId,
          "--requirement",
          "NOT-FOUND-GROUP",
        ]),
        { env: { CONFORMANCE_TOKEN: target.adminToken }, timeoutMs: 55_000 },
      );
      expect(run.exitCode, run.output).toBe(0);
      expect(run.stderr).toContain(
        "npm run conformance: --base-url is the flag of CONFORMANCE_BASE_URL; the suite runs through its command line, " +
          "remove-group-member-conformance (npx remove-group-member-conformance --help)\n",
      );
      expect(run.report?.target.baseUrl).toBe(target.baseUrl);
      expect(run.report?.checks.find((check) => check.id === "NOT-FOUND-GROUP")?.verdict).toBe("pass");
    } finally {
      await target.service.close();
    }
  });

  test("what the command line cannot run ends with exit 2, naming the variable and the command line, never Playwright's exit 1", async () => {
    const run = await runToEnd(
      npmScriptCommand("conformance", ["--base-url", "http://127.0.0.1:1/accesscontrol", "--bogus"]),
      {
        timeoutMs: 20_000,
      },
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      "npm run conformance: --base-url is the flag of CONFORMANCE_BASE_URL; the suite runs through its command line, " +
        "remove-group-member-conformance (npx remove-group-member-conformance --help)\n" +
        "unknown option --bogus; see --help\n",
    );
  });
});
