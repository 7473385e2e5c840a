import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { RequirementId } from "../../generated/requirements";
import { loadRequirementCatalog } from "../../src/catalog/requirements";
import { notObservedReason } from "../../src/proxy/not-observed";
import { startEmbeddedTarget, type EmbeddedTarget } from "../../src/reference-service/embedded-target";
import type { DeviationName } from "../../src/reference-service/deviations/switchboard";
import { repoRoot } from "../../src/validation/spec";
import {
  binCommand,
  eventually,
  npmScriptCommand,
  runToEnd,
  scriptCommand,
  startInBackground,
  type BackgroundRun,
  type RunOptions,
} from "../support/harness";

// The proxy as a user runs it, a process in front of a target: the reference service (correct, or with a mutant),
// or a tiny server of the test's own. Clients send their requests through it; it is stopped as a user stops it.

const unknownId = "0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";
const proxyScript = path.join(repoRoot, "scripts", "proxy.ts");

interface Proxy {
  run: BackgroundRun;
  /** The base URL it printed, for clients to use. */
  base: string;
}

async function startProxy(
  target: string,
  args: string[] = [],
  options: RunOptions = {},
  command = (proxyArgs: string[]) => binCommand(["proxy", ...proxyArgs]),
): Promise<Proxy> {
  const run = startInBackground(command(["--target", target, "--port", "0", ...args]), options);
  const started = () => /^Proxying (\S+) → /m.exec(run.output())?.[1];
  if (!(await eventually(() => started() !== undefined, 20_000))) {
    run.signalGroup("SIGKILL");
    throw new Error(`the proxy did not start: ${run.output()}`);
  }
  return { run, base: started()! };
}

/** The three requests of a client's test run: an unknown group, an unknown iTwin, no credentials. */
async function clientRequests(base: string, target: EmbeddedTarget): Promise<number[]> {
  const auth = { Authorization: `Bearer ${target.adminToken}` };
  const urls: [string, Record<string, string>][] = [
    [`${base}/itwins/${target.itwinId}/members/groups/${unknownId}`, auth],
    [`${base}/itwins/${unknownId}/members/groups/${unknownId}`, auth],
    [`${base}/itwins/${target.itwinId}/members/groups/${unknownId}`, {}],
  ];
  const statuses: number[] = [];
  for (const [url, headers] of urls) statuses.push((await fetch(url, { method: "DELETE", headers })).status);
  return statuses;
}

async function withTarget<T>(deviations: DeviationName[], use: (target: EmbeddedTarget) => Promise<T>): Promise<T> {
  const target = await startEmbeddedTarget({ deviations });
  try {
    return await use(target);
  } finally {
    await target.service.close();
  }
}

test("in front of errors answered as HTML, the client's requests fail ERROR-JSON and the proxy exits 1", async () => {
  await withTarget(["errors-as-html"], async (target) => {
    const proxy = await startProxy(target.baseUrl, [], { canaries: [target.adminToken] });
    expect(await clientRequests(proxy.base, target)).toEqual([404, 404, 401]);
    proxy.run.signal("SIGINT");
    const result = await proxy.run.finish(20_000);
    expect(result.exitCode).toBe(1);
    const check = (id: string) => result.report?.checks.find((c) => c.id === id);
    expect(check("ERROR-JSON")).toMatchObject({ verdict: "fail", violations: 3, tests: ["proxied traffic"] });
    expect(check("ERROR-JSON")?.evidence).toMatchObject({ outcome: "violation", status: 404 });
    const path = new URL(proxy.base).pathname;
    expect(result.stdout).toContain(
      `FAIL ERROR-JSON DELETE ${path}/itwins/${target.itwinId}/members/groups/${unknownId} 404: ` +
        "error response is not declared as JSON\n",
    );
    expect(result.report).toMatchObject({ verdict: "fail", mode: "proxy", target: { baseUrl: target.baseUrl } });
    expect(result.canarySearch).toEqual({ found: [], unreadable: [] });
  });
});

test("in front of the reference service, the same requests pass what they show and skip the rest", async () => {
  await withTarget([], async (target) => {
    const proxy = await startProxy(target.baseUrl, [], {
      env: { CONFORMANCE_IMPLEMENTATION_NAME: "acme-mock", CONFORMANCE_IMPLEMENTATION_VERSION: "1.4.2" },
    });
    expect(await clientRequests(proxy.base, target)).toEqual([404, 404, 401]);
    proxy.run.signal("SIGINT");
    const result = await proxy.run.finish(20_000);
    expect(result.exitCode).toBe(0);
    expect(result.report).toMatchObject({ implementation: { name: "acme-mock", version: "1.4.2" }, fixtures: null });
    expect(result.report!.suite.commit).toMatch(/^[0-9a-f]{40}(\+dirty)?$|\+sha256:[0-9a-f]{16}$/);
    const verdicts = Object.fromEntries(result.report!.checks.map((c) => [c.id, c.verdict]));
    expect(verdicts).toMatchObject({
      "ERROR-JSON": "pass",
      "ERROR-SCHEMA": "pass",
      "DOCUMENTED-STATUS": "pass",
      "AUTH-MISSING-HEADER": "pass",
    });
    const catalog = loadRequirementCatalog();
    expect(result.report!.checks.map((c) => c.id)).toEqual(catalog.map((r) => r.id));
    const skipped = result.report!.checks.filter((c) => c.verdict === "skip");
    // Each skip says what traffic would have shown it, or that no traffic can.
    expect(skipped.map((c) => c.reason)).toEqual(skipped.map((c) => notObservedReason(c.id as RequirementId)));
    expect(Object.fromEntries(skipped.map((c) => [c.id, c.reason]))).toMatchObject({
      "REMOVE-204": "not observed: no removal of an existing membership (a 2xx answer) went through the proxy",
      "REMOVE-MEMBERSHIP-GONE": expect.stringMatching(/^not observed: a proxy cannot judge it from traffic; /),
    });
    expect(result.report!.target.itwinId).toBe(target.itwinId);
    expect(result.report).toMatchObject({ verdict: "pass", mode: "proxy", requests: 3 });
  });
});

test("a credential sent through the proxy and echoed by the target is in none of its output or reports", async () => {
  const secret = "opaque-canary-credential-4f1d9c";
  await withTarget(["echo-credential-in-401"], async (target) => {
    const proxy = await startProxy(target.baseUrl, [], { canaries: [secret] });
    const url = `${proxy.base}/itwins/${target.itwinId}/members/groups/${unknownId}`;
    const answer = await fetch(url, { method: "DELETE", headers: { Authorization: `Bearer ${secret}` } });
    expect(await answer.text()).toContain(secret);
    proxy.run.signal("SIGTERM");
    const result = await proxy.run.finish(20_000);
    expect(result.exitCode).toBe(1);
    expect(result.report?.checks.find((c) => c.id === "LEAK-TOKEN-ECHO")?.verdict).toBe("fail");
    expect(result.report?.checks.find((c) => c.id === "LEAK-TOKEN-ECHO")?.reason).toContain("[REDACTED]");
    expect(result.canarySearch).toEqual({ found: [], unreadable: [] });
  });
});

test("--idle-exit stops the proxy once that long has passed without traffic, and it writes its reports", async () => {
  await withTarget([], async (target) => {
    // Through `npm run proxy`'s script.
    const proxy = await startProxy(target.baseUrl, ["--idle-exit", "2"], {}, (args) =>
      scriptCommand(proxyScript, args),
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const url = `${proxy.base}/itwins/${target.itwinId}/members/groups/${unknownId}`;
    expect((await fetch(url, { method: "DELETE" })).status).toBe(401);
    const answeredAt = Date.now();
    const result = await proxy.run.finish(20_000);
    expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(1500);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Stopping (no traffic for 2 s).");
    expect(result.report).toMatchObject({ requests: 1, summary: { fail: 0 } });
  });
});

test("Ctrl-C on `npm run proxy` ends it with the verdict's exit code, not npm's", async () => {
  await withTarget(["errors-as-html"], async (target) => {
    const proxy = await startProxy(target.baseUrl, [], {}, (args) => npmScriptCommand("proxy", args));
    await clientRequests(proxy.base, target);
    // A terminal's Ctrl-C signals every process of the foreground job: npm, its shell, tsx and the proxy.
    proxy.run.signalGroup("SIGINT");
    const result = await proxy.run.finish(20_000);
    expect([result.exitCode, result.report?.verdict]).toEqual([1, "fail"]);
  });
});

test("SIGTERM stops the proxy as SIGINT does", async () => {
  await withTarget([], async (target) => {
    const proxy = await startProxy(target.baseUrl);
    proxy.run.signal("SIGTERM");
    const result = await proxy.run.finish(20_000);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("Stopping (SIGTERM).");
    expect(result.report?.mode).toBe("proxy");
  });
});

const badArguments: [string, string[], string][] = [
  ["an unknown flag", ["--target", "http://127.0.0.1:1/x", "--verbose"], "unknown option --verbose"],
  ["no --target", ["--port", "0"], "--target <base URL> is required"],
  [
    "a target that is not an http(s) URL",
    ["--target", "ftp://host/x"],
    '--target must be an http(s) URL, got "ftp://host/x"',
  ],
  [
    "a bad port",
    ["--target", "http://127.0.0.1:1/x", "--port", "http"],
    '--port needs a whole number from 0 to 65535, got "http"',
  ],
  [
    "a bad idle exit",
    ["--target", "http://127.0.0.1:1/x", "--idle-exit", "0"],
    '--idle-exit needs a whole number from 1 to 86400, got "0"',
  ],
];
for (const [name, args, message] of badArguments) {
  test(`${name} is exit 2 with one message`, async () => {
    const result = await runToEnd(binCommand(["proxy", ...args]), { timeoutMs: 20_000 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(`${message}; see remove-group-member-conformance proxy --help\n`);
    expect(result.stdout).toBe("");
  });
}

/** A tiny target of the test's own, on a free loopback port; `answer` answers every request. */
async function tinyTarget(answer: (request: IncomingMessage, body: Buffer) => [number, string[], Buffer]) {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const [status, headers, body] = answer(request, Buffer.concat(chunks));
      response.writeHead(status, headers as unknown as Record<string, string>);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}/accesscontrol`, port, close: () => new Promise((r) => server.close(r)) };
}

test("an unreachable target is exit 2, naming its host and port", async () => {
  const closed = await tinyTarget(() => [200, [], Buffer.alloc(0)]);
  await closed.close();
  const result = await runToEnd(binCommand(["proxy", "--target", closed.base, "--port", "0"]), { timeoutMs: 20_000 });
  expect(result.exitCode).toBe(2);
  expect(result.stderr).toBe(`cannot reach the target 127.0.0.1:${closed.port} (ECONNREFUSED); is it running?\n`);
});

test("a sibling operation answering the wrong shape is printed as a violation of its schema", async () => {
  const target = await tinyTarget(() => [200, ["Content-Type", "application/json"], Buffer.from('{"wrong":true}')]);
  try {
    const proxy = await startProxy(target.base);
    const member = `/accesscontrol/itwins/${unknownId}/members/groups/${unknownId}`;
    expect((await fetch(`${proxy.base.replace(/\/accesscontrol$/, "")}${member}`)).status).toBe(200);
    proxy.run.signal("SIGINT");
    const result = await proxy.run.finish(20_000);
    expect(result.stdout).toContain(
      `SPEC getItwinGroupMember GET ${member} 200: body does not match GroupMemberResponse ((root) must have required property 'member'`,
    );
    expect(result.report?.proxy).toMatchObject({ siblingViolationCount: 1, exchanges: { siblings: 1, underTest: 0 } });
    expect(result.exitCode).toBe(0);
  } finally {
    await target.close();
  }
});

test("a request reaches the target as sent, and its answer comes back byte for byte", async () => {
  const answerBody = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x7b]);
  let received: { method?: string; url?: string; headers: string[]; body: Buffer } | undefined;
  const target = await tinyTarget((request, body) => {
    received = { method: request.method, url: request.url, headers: request.rawHeaders, body };
    return [
      207,
      ["X-Answer", "kept", "Set-Cookie", "a=1", "Set-Cookie", "b=2", "Content-Type", "application/x-odd"],
      answerBody,
    ];
  });
  try {
    const proxy = await startProxy(target.base);
    const sentBody = Buffer.from('{"roleIds":["r1"]}\u00e9');
    const origin = new URL(proxy.base);
    const answer = await new Promise<{ status?: number; headers: string[]; body: Buffer }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: origin.hostname,
          port: origin.port,
          method: "PATCH",
          path: "/accesscontrol/some/where?x=1&y=%2F",
          // As an array, as sent: the Host header too, which Node then leaves to the caller.
          headers: [
            "Host",
            origin.host,
            "X-Custom",
            "one",
            "X-Custom",
            "two",
            "Content-Type",
            "application/json",
            "Content-Length",
            String(sentBody.length),
            "Authorization",
            "Bearer abc.def.ghi-long-enough",
          ] as unknown as Record<string, string>,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode, headers: response.rawHeaders, body: Buffer.concat(chunks) }),
          );
        },
      );
      request.on("error", reject);
      request.end(sentBody);
    });
    proxy.run.signal("SIGINT");
    await proxy.run.finish(20_000);
    const pairs = (raw: string[]) => raw.flatMap((v, i) => (i % 2 ? [] : [`${v}: ${raw[i + 1]}`]));
    expect(received).toMatchObject({ method: "PATCH", url: "/accesscontrol/some/where?x=1&y=%2F", body: sentBody });
    expect(pairs(received!.headers)).toEqual([
      `Host: 127.0.0.1:${target.port}`,
      "X-Custom: one",
      "X-Custom: two",
      "Content-Type: application/json",
      `Content-Length: ${sentBody.length}`,
      "Authorization: Bearer abc.def.ghi-long-enough",
      // Hop by hop: the proxy's own connection to the target.
      "Connection: keep-alive",
    ]);
    expect(answer.status).toBe(207);
    expect(answer.body.equals(answerBody)).toBe(true);
    expect(pairs(answer.headers)).toEqual(
      expect.arrayContaining([
        "X-Answer: kept",
        "Set-Cookie: a=1",
        "Set-Cookie: b=2",
        "Content-Type: application/x-odd",
      ]),
    );
  } finally {
    await target.close();
  }
});

test("an answer past the 1 MiB the checks read is forwarded whole, and judged as cut", async () => {
  const body = Buffer.alloc(3 * 1024 * 1024, " ");
  const target = await tinyTarget(() => [404, ["Content-Type", "application/json"], body]);
  try {
    const proxy = await startProxy(target.base);
    const answer = await fetch(`${proxy.base}/itwins/${unknownId}/members/groups/${unknownId}`, { method: "DELETE" });
    expect((await answer.arrayBuffer()).byteLength).toBe(body.length);
    proxy.run.signal("SIGINT");
    const result = await proxy.run.finish(20_000);
    expect(result.stdout).toContain(
      "FAIL ERROR-JSON DELETE /accesscontrol/itwins/" +
        `${unknownId}/members/groups/${unknownId} 404: error response body was cut at 1048576 bytes, so it is not judged as JSON\n`,
    );
  } finally {
    await target.close();
  }
});
