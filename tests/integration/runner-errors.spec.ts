import { loopbackServer } from "../support/loopback-server";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { identities, identitySettingNames } from "../../src/settings/identities";
import { runToEnd, suiteCommand } from "../support/harness";
import { answerRunRole } from "../support/run-role";

// Bad configuration and unreachable targets end the run before any test, with
// one message and exit code 2: no stack trace, no screen of time-outs.

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";

function expectOneCleanMessage(stderr: string, message: RegExp): void {
  expect(stderr).toMatch(message);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(
    stderr
      .trim()
      .split("\n")
      .filter((l) => !l.startsWith("  - ")).length,
  ).toBe(1);
}

const clientSecretOfDns = "canary-dns-secret-40c7e1";

const configErrors: [string, { env: Record<string, string>; want: RegExp }][] = [
  [
    "a base URL without token and iTwin",
    {
      env: { CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol" },
      want: /CONFORMANCE_TOKEN, or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, is required/,
    },
  ],
  [
    "a token without a base URL",
    { env: { CONFORMANCE_TOKEN: "t" }, want: /CONFORMANCE_TOKEN is set but CONFORMANCE_BASE_URL is not/ },
  ],
  ["a misspelt setting", { env: { CONFORMANCE_TOKEN_URL_X: "x" }, want: /is not a setting of this suite/ }],
  [
    "a concurrency of 0",
    {
      env: { CONFORMANCE_CONCURRENCY: "0" },
      want: /CONFORMANCE_CONCURRENCY must be a whole number from 1 to 32, got "0"/,
    },
  ],
  [
    "a concurrency that is not a number",
    {
      env: { CONFORMANCE_CONCURRENCY: "eight" },
      want: /CONFORMANCE_CONCURRENCY must be a whole number from 1 to 32, got "eight"/,
    },
  ],
  [
    "a negative rate",
    {
      env: { CONFORMANCE_REQUESTS_PER_MINUTE: "-500" },
      want: /CONFORMANCE_REQUESTS_PER_MINUTE must be a whole number from 1 to 1000000, got "-500"/,
    },
  ],
];

for (const [title, { env, want }] of configErrors) {
  test(`configuration error: ${title} → exit 2 with one message`, async () => {
    const run = await runToEnd(suiteCommand(), { env });
    expect(run.exitCode).toBe(2);
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
  const run = await runToEnd(suiteCommand(), {
    env: {
      CONFORMANCE_BASE_URL: `http://127.0.0.1:${port}/accesscontrol`,
      CONFORMANCE_TOKEN: "t",
      CONFORMANCE_ITWIN_ID: itwin,
    },
  });
  expect(run.exitCode).toBe(2);
  expectOneCleanMessage(
    run.stderr,
    /connection error: the target http:\/\/127\.0\.0\.1:\d+\/accesscontrol cannot be reached \(ECONNREFUSED\)/,
  );
});

// A name under .invalid never resolves (RFC 6761): a typo in a host, without the network. tests/unit/unresolved-host.spec.ts
// covers the same messages with the resolver's failure injected, for a resolver that answers every name.
const unresolvable: [string, { env: Record<string, string>; want: RegExp }][] = [
  [
    "a base URL whose host does not exist",
    {
      env: { CONFORMANCE_BASE_URL: "https://api.conformance.invalid/accesscontrol", CONFORMANCE_TOKEN: "t" },
      want: /^connection error: the host "api\.conformance\.invalid" of CONFORMANCE_BASE_URL could not be found \(DNS ENOTFOUND: no such host\): check the host name in CONFORMANCE_BASE_URL "https:\/\/api\.conformance\.invalid\/accesscontrol"$/m,
    },
  ],
  [
    "a token URL whose host does not exist",
    {
      env: {
        CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol",
        CONFORMANCE_CLIENT_ID: "suite-client",
        CONFORMANCE_CLIENT_SECRET: clientSecretOfDns,
        CONFORMANCE_TOKEN_URL: "https://ims.conformance.invalid/connect/token",
      },
      want: /^configuration error: no token for client suite-client: the host "ims\.conformance\.invalid" of CONFORMANCE_TOKEN_URL could not be found \(DNS ENOTFOUND: no such host\): check the host name in CONFORMANCE_TOKEN_URL "https:\/\/ims\.conformance\.invalid\/connect\/token"$/m,
    },
  ],
];
for (const [title, { env, want }] of unresolvable) {
  test(`${title} → exit 2, the host named as not found`, async () => {
    const run = await runToEnd(suiteCommand(), {
      env: { CONFORMANCE_ITWIN_ID: itwin, ...env },
      canaries: [clientSecretOfDns],
    });
    expect(run.exitCode).toBe(2);
    expectOneCleanMessage(run.stderr, want);
    expect(run.canarySearch?.found).toEqual([]);
  });
}

test("a target that accepts connections and never answers → exit 2 within the request timeout", async () => {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: `http://127.0.0.1:${port}/accesscontrol`,
        CONFORMANCE_TOKEN: "t",
        CONFORMANCE_ITWIN_ID: itwin,
        CONFORMANCE_REQUEST_TIMEOUT_MS: "500",
      },
    });
    expect(run.exitCode).toBe(2);
    expectOneCleanMessage(run.stderr, /cannot be reached \(no answer within 500 ms\)/);
    expect(run.durationMs).toBeLessThan(20_000);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("a run that stops with exit 2 leaves the last run's reports as they were", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "last-run-"));
  const files: Record<string, string> = {
    "conformance.json": JSON.stringify({ verdict: "pass" }),
    "junit.xml": "<testsuites/>",
    "conformance.md": "**Verdict: PASS**",
    "conformance.html": "<strong>Verdict: PASS</strong>",
    "conformance-junit.xml": "<testsuites/>",
    "playwright.json": "{}",
    "exchanges.har": "{}",
    [path.join("partial", "conformance.json")]: JSON.stringify({ verdict: "fail" }),
    [path.join("allure-results", "result.json")]: "{}",
    [path.join("html", "index.html")]: "<html></html>",
  };
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    // A setting out of range, and a target that is not there: both stop the run before any check.
    for (const env of <Record<string, string>[]>[
      { CONFORMANCE_CONCURRENCY: "0" },
      { CONFORMANCE_BASE_URL: "http://127.0.0.1:1/accesscontrol", CONFORMANCE_TOKEN: "t", CONFORMANCE_ITWIN_ID: itwin },
    ]) {
      const run = await runToEnd(suiteCommand(), { env, reportDir: dir });
      expect(run.exitCode, run.output).toBe(2);
      for (const [name, text] of Object.entries(files))
        expect(readFileSync(path.join(dir, name), "utf8"), name).toBe(text);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A loopback HTTP server answering every request with `handle`; null leaves the request hanging. */
const fakeServer = loopbackServer;

const clientSecret = "canary-client-secret-6f1d2a9c";

test("a token endpoint that refuses the client → exit 2 within 10 s, with its answer and without the secret", async () => {
  // The endpoint echoes the secret, as a careless one might: it must not reach the output either.
  const endpoint = await fakeServer((req, res) => {
    req.resume();
    res
      .writeHead(401, { "Content-Type": "application/json" })
      .end(
        JSON.stringify({ error: "invalid_client", error_description: `client secret ${clientSecret} is not valid` }),
      );
  });
  const target = await fakeServer((req, res) => void res.writeHead(404).end());
  try {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: `${target.origin}/accesscontrol`,
        CONFORMANCE_ITWIN_ID: itwin,
        CONFORMANCE_CLIENT_ID: "suite-client",
        CONFORMANCE_CLIENT_SECRET: clientSecret,
        CONFORMANCE_TOKEN_URL: `${endpoint.origin}/connect/token`,
      },
      canaries: [clientSecret, "invalid_client"],
    });
    expect(run.exitCode).toBe(2);
    expect(run.durationMs).toBeLessThan(10_000);
    expectOneCleanMessage(
      run.stderr,
      /configuration error: no token for client suite-client: token endpoint http:\/\/127\.0\.0\.1:\d+\/connect\/token answered 401 \(invalid_client: client secret \[REDACTED\] is not valid\): check the client id and its secret$/m,
    );
    // The endpoint's answer is found (the search works); the secret is not, in the output or in reports/.
    expect(run.canarySearch?.found.map((l) => ({ canary: l.canary, where: l.where }))).toEqual([
      { canary: 1, where: ["stderr"] },
    ]);
  } finally {
    await Promise.all([endpoint.close(), target.close()]);
  }
});

// Each identity beside the admin's is fetched in global setup too: a client the endpoint refuses is named as that identity's.
for (const identity of identities) {
  const { clientId, clientSecret: secretSetting } = identitySettingNames(identity);
  test(`a token endpoint that refuses ${identity.client} → exit 2, naming it, without its secret`, async () => {
    const endpoint = await fakeServer((req, res) => {
      req.resume();
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "invalid_client" }));
    });
    try {
      const run = await runToEnd(suiteCommand(), {
        env: {
          CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol",
          CONFORMANCE_ITWIN_ID: itwin,
          CONFORMANCE_TOKEN: "abc.def.ghi",
          [clientId]: "granted-client",
          [secretSetting]: clientSecret,
          CONFORMANCE_TOKEN_URL: `${endpoint.origin}/connect/token`,
        },
        canaries: [clientSecret],
      });
      expect(run.exitCode).toBe(2);
      expectOneCleanMessage(
        run.stderr,
        new RegExp(
          `configuration error: no token for ${identity.client} granted-client: token endpoint .* answered 401`,
        ),
      );
      expect(run.canarySearch?.found).toEqual([]);
    } finally {
      await endpoint.close();
    }
  });
}

test("a token endpoint that never answers → exit 2 within the request timeout", async () => {
  const endpoint = await fakeServer(() => null);
  try {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol",
        CONFORMANCE_ITWIN_ID: itwin,
        CONFORMANCE_CLIENT_ID: "suite-client",
        CONFORMANCE_CLIENT_SECRET: clientSecret,
        CONFORMANCE_TOKEN_URL: `${endpoint.origin}/connect/token`,
        CONFORMANCE_REQUEST_TIMEOUT_MS: "1000",
      },
    });
    expect(run.exitCode).toBe(2);
    expectOneCleanMessage(
      run.stderr,
      /no token for client suite-client: token endpoint .* could not be reached: no answer within 1000 ms/,
    );
    expect(run.durationMs).toBeLessThan(10_000);
  } finally {
    await endpoint.close();
  }
});

test("a target that refuses to create the run's role → exit 2 with one message", async () => {
  const target = await fakeServer((req, res) => {
    if (req.method === "HEAD") return void res.writeHead(404).end();
    const [status, code] = req.method === "GET" ? [404, "GroupNotFound"] : [403, "InsufficientPermissions"];
    return void res
      .writeHead(status, { "Content-Type": "application/json" })
      .end(JSON.stringify({ error: { code, message: "Not this time." } }));
  });
  try {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: `${target.origin}/accesscontrol`,
        CONFORMANCE_ITWIN_ID: itwin,
        CONFORMANCE_TOKEN: "t",
      },
    });
    expect(run.exitCode, run.output).toBe(2);
    expectOneCleanMessage(
      run.stderr,
      /setup error: the suite could not create its role, so it cannot provision its test data \(provisioning failed: createItwinRole answered 403, expected 201/,
    );
  } finally {
    await target.close();
  }
});

test("a target that answers the setup, then never again → FAIL, each check naming the wait, in bounded time", async () => {
  // Every failed check restarts a Playwright worker, about a second each on a loaded machine: the checks of two
  // requirements (five requests, none provisioned) show the waits and the refusals without timing the machine's load.
  test.setTimeout(90_000);
  // It answers the setup's first contact, member lookup (a group no one has) and the run's role, then nothing more.
  const target = await fakeServer((req, res) => {
    if (answerRunRole(req, res)) return;
    if (req.method === "HEAD") return void res.writeHead(404).end();
    if (req.method !== "GET") return null;
    const body = JSON.stringify({ error: { code: "GroupNotFound", message: "Requested group is not available." } });
    return void res.writeHead(404, { "Content-Type": "application/json" }).end(body);
  });
  try {
    const run = await runToEnd(suiteCommand(["--grep", "@AUTH-BEFORE-EXISTENCE|@NOT-FOUND-GROUP"]), {
      env: {
        CONFORMANCE_BASE_URL: `${target.origin}/accesscontrol`,
        CONFORMANCE_ITWIN_ID: itwin,
        CONFORMANCE_TOKEN: "t",
        CONFORMANCE_REQUEST_TIMEOUT_MS: "500",
      },
      timeoutMs: 120_000,
    });
    expect(run.exitCode, run.output).toBe(1);
    expect(run.report?.verdict).toBe("fail");
    // The first requests wait out their time-out; after three in a row the rest are not sent.
    expect(run.stdout).toMatch(/got no response within 500 ms/);
    expect(run.stdout).toMatch(
      /not sent: the target left the last \d+ requests of this run unanswered; the run tries it again \d+ s after the last time-out/,
    );
    expect(run.stderr + run.stdout).not.toMatch(/^\s+at .*\.ts:\d+/m);
    expect(run.durationMs).toBeLessThan(60_000);
  } finally {
    await target.close();
  }
});
