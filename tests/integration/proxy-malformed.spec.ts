import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { startEmbeddedTarget } from "../../src/reference-service/embedded-target";
import { binCommand, eventually, startInBackground, type RunResult } from "../support/harness";

// The proxy in front of a target that answers with bytes no HTTP client reads as they came: the client gets what the
// target's answer gives it, and the proxy either judges what it read off the wire or fails the run saying what came.

const itwin = "0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";
const group = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
const memberPath = `/accesscontrol/itwins/${itwin}/members/groups/${group}`;

/** A target of raw bytes on a free loopback port: every connection gets `answer` once its request came. */
async function rawTarget(answer: string, then: "close" | "reset" = "close") {
  const server: Server = createServer((socket) => {
    socket.once("data", () => {
      if (then === "close") return void socket.end(answer);
      socket.write(answer);
      setTimeout(() => socket.resetAndDestroy(), 100);
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { base: `http://127.0.0.1:${port}/accesscontrol`, close: () => new Promise((r) => server.close(r)) };
}

/** The proxy in front of `target`; `use` sends the client's traffic to its base URL; then SIGINT, and its result. */
async function throughProxy(target: string, use: (base: string) => Promise<void>): Promise<RunResult> {
  const run = startInBackground(binCommand(["proxy", "--target", target, "--port", "0"]));
  const started = () => /^Proxying (\S+) → /m.exec(run.output())?.[1];
  if (!(await eventually(() => started() !== undefined, 20_000))) {
    run.signalGroup("SIGKILL");
    throw new Error(`the proxy did not start: ${run.output()}`);
  }
  await use(started()!.replace(/\/accesscontrol$/, ""));
  run.signal("SIGINT");
  return run.finish(20_000);
}

/** What a client (fetch) gets: the status and the body, or the failure it throws and when. */
async function clientGets(url: string, method = "DELETE"): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { method, headers: { authorization: "Bearer not.a.token" } });
  } catch {
    return "no answer: the connection closed";
  }
  try {
    return `${response.status} ${JSON.stringify(await response.text())}`;
  } catch {
    return `${response.status}, then the body cut off`;
  }
}

test("bytes after the operation's 204 fail REMOVE-NO-BODY, and the client still gets its 204", async () => {
  const target = await startEmbeddedTarget({ deviations: ["remove-204-with-bytes"] });
  try {
    const member = `/accesscontrol/itwins/${target.itwinId}/members/groups/${target.service.seed.memberGroupIds[0]}`;
    let got = "";
    const result = await throughProxy(target.baseUrl, async (base) => {
      const response = await fetch(`${base}${member}`, {
        method: "DELETE",
        headers: { authorization: `Bearer ${target.adminToken}` },
      });
      got = `${response.status} ${JSON.stringify(await response.text())}`;
    });
    expect(got).toBe('204 ""');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`FAIL REMOVE-NO-BODY DELETE ${member} 204: 204 response carries a body`);
    expect(result.report?.checks.find((c) => c.id === "REMOVE-NO-BODY")?.verdict).toBe("fail");
    expect(result.report?.checks.find((c) => c.id === "REMOVE-204")?.verdict).toBe("pass");
    expect(result.report?.runErrors).toEqual([]);
    expect(result.output).not.toContain("did not answer");
  } finally {
    await target.service.close();
  }
});

/** Each class of answer the proxy cannot read: the target's bytes, what the client gets, the report's one line. */
const malformed: { name: string; answer: string; then?: "reset"; path?: string; client: string; line: string }[] = [
  {
    name: "bytes after a bodiless answer of the operation (a 304)",
    answer: 'HTTP/1.1 304 Not Modified\r\n\r\n{"x":1}',
    client: '304 ""',
    line: `could not be read: 7 byte(s) after its 304, which has no body: "{\\"x\\":1}"`,
  },
  {
    name: "bytes after a bodiless answer of a sibling operation (a 204)",
    answer: 'HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n{"x":1}',
    path: `/accesscontrol/itwins/${itwin}/groups/${group}`,
    client: '204 ""',
    line: 'could not be read: Data after `Connection: close` (HPE_CLOSED_CONNECTION) at: "{\\"x\\":1}"',
  },
  {
    name: "broken chunked encoding",
    answer:
      "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
    client: "404, then the body cut off",
    line: 'could not be read: a chunk size that is not hexadecimal: "zz"',
  },
  {
    name: "a reset in the middle of a body",
    answer: 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"error":',
    then: "reset",
    client: "404, then the body cut off",
    line: "could not be read: the connection was reset after 9 of the 50 body bytes its Content-Length announced (404)",
  },
  {
    name: "a Content-Length longer than the body",
    answer: 'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"error":',
    client: "404, then the body cut off",
    line: "could not be read: the connection closed after 9 of the 50 body bytes its Content-Length announced (404)",
  },
];

for (const { name, answer, then, path = memberPath, client, line } of malformed) {
  test(`${name}: the client gets what the target gave, and the run fails saying what came`, async () => {
    const target = await rawTarget(answer, then);
    try {
      let got = "";
      const result = await throughProxy(target.base, async (base) => void (got = await clientGets(`${base}${path}`)));
      expect(got).toBe(client);
      expect(result.exitCode).toBe(1);
      expect(result.report?.verdict).toBe("fail");
      expect(result.report?.runErrors).toHaveLength(1);
      expect(result.report?.runErrors[0]).toContain(`the target's answer to DELETE ${path} ${line}`);
      expect(result.stderr).toContain(result.report!.runErrors[0]!);
      expect(result.stdout).toContain(`Error outside the checks: the target's answer to DELETE ${path}`);
      expect(result.output).not.toContain("did not answer");
    } finally {
      await target.close();
    }
  });
}
