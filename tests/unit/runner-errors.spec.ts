import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runSuite } from "../config/run-suite";

// Bad configuration and unreachable targets end the run before any test, with
// one message and exit code 2: no stack trace, no screen of time-outs.

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";

function expectOneCleanMessage(stderr: string, message: RegExp): void {
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr.trim().split("\n").filter((l) => !l.startsWith("  - ")).length).toBe(1);
}

const configErrors: [string, { env: Record<string, string>; want: RegExp }][] = [
  ["a base URL without token and iTwin", { env: { CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol" }, want: /CONFORMANCE_TOKEN is required/ }],
  ["a token without a base URL", { env: { CONFORMANCE_TOKEN: "t" }, want: /CONFORMANCE_TOKEN is set but CONFORMANCE_BASE_URL is not/ }],
  ["a misspelt setting", { env: { CONFORMANCE_TOKEN_URL_X: "x" }, want: /is not a setting of this suite/ }],
];

for (const [title, { env, want }] of configErrors) {
  test(`configuration error: ${title} → exit 2 with one message`, async () => {
    const run = await runSuite(env);
    expect(run.code).toBe(2);
    expectOneCleanMessage(run.stderr, want);
    expect(run.stdout).not.toMatch(/passed|failed/);
  });
}

test("an unreachable target → exit 2 with one message", async () => {
  // Find a free port, then close it so nothing listens there.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const run = await runSuite({ CONFORMANCE_BASE_URL: `http://127.0.0.1:${port}/accesscontrol`, CONFORMANCE_TOKEN: "t", CONFORMANCE_ITWIN_ID: itwin });
  expect(run.code).toBe(2);
  expectOneCleanMessage(run.stderr, /connection error: the target http:\/\/127\.0\.0\.1:\d+\/accesscontrol cannot be reached \(ECONNREFUSED\)/);
});

test("a target that accepts connections and never answers → exit 2 within the request timeout", async () => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const run = await runSuite({
      CONFORMANCE_BASE_URL: `http://127.0.0.1:${port}/accesscontrol`,
      CONFORMANCE_TOKEN: "t",
      CONFORMANCE_ITWIN_ID: itwin,
      CONFORMANCE_REQUEST_TIMEOUT_MS: "500",
    });
    expect(run.code).toBe(2);
    expectOneCleanMessage(run.stderr, /cannot be reached \(no answer within 500 ms\)/);
    expect(run.durationMs).toBeLessThan(20_000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("a run that stops with exit 2 leaves no earlier verdict behind", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "stale-"));
  try {
    writeFileSync(path.join(dir, "conformance.json"), JSON.stringify({ verdict: "pass" }));
    writeFileSync(path.join(dir, "junit.xml"), "<testsuites/>");
    writeFileSync(path.join(dir, "conformance.md"), "**Verdict: PASS**");
    writeFileSync(path.join(dir, "conformance.html"), "<strong>Verdict: PASS</strong>");
    const run = await runSuite({ CONFORMANCE_TOKEN: "t" }, { reportDir: dir });
    expect(run.code).toBe(2);
    for (const name of ["conformance.json", "junit.xml", "conformance.md", "conformance.html"]) expect(existsSync(path.join(dir, name)), name).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
