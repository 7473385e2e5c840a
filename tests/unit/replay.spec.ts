import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { ApiClient, type SendOptions } from "../../src/client/api-client";
import type { Exchange } from "../../src/client/exchange";
import { sentAuthorization, type SentRequest } from "../../src/client/sent-request";
import { registerSecret } from "../../src/core/secrets";
import { decodeEvidence, encodeEvidence } from "../../src/verdict/annotation-codec";
import { curlCommand, shellQuote } from "../../src/verdict/curl";
import { evidenceOf } from "../../src/verdict/evidence";

// A finding's evidence carries one curl command that sends its request again:
// the base URL and every secret credential as shell variables, the rest byte for byte.

const base = "http://127.0.0.1:4000/accesscontrol";
const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";
const group = "0b8e6a3c-1f2d-4e5a-9b7c-8d9e0f1a2b3c";
const accept = "application/vnd.bentley.itwin-platform.v2+json";
const adminToken = "replay-admin-token-0123456789";
registerSecret(adminToken);

const exchange = (path: string, request: Partial<SentRequest>, method = "DELETE"): Exchange => ({
  operationId: "removeItwinGroupMember",
  method,
  url: `${base}${path}`,
  status: 404,
  headers: {},
  text: "",
  request: { headers: { Accept: accept }, startedAtMs: 0, durationMs: 1, ...request },
});

const member = `/itwins/${itwin}/members/groups/${group}`;
const admin = { prefix: "Bearer ", variable: "CONFORMANCE_TOKEN" };
const start = `curl -sS -i -X DELETE -H 'Accept: ${accept}'`;

const commands: [string, { given: Exchange; want: string }][] = [
  [
    "the admin's token is its setting's variable",
    {
      given: exchange(member, { authorization: admin }),
      want: `${start} -H "Authorization: Bearer $CONFORMANCE_TOKEN" "$CONFORMANCE_BASE_URL"'${member}'`,
    },
  ],
  [
    "the unprivileged identity's token is its own setting's variable",
    {
      given: exchange(member, { authorization: { prefix: "Bearer ", variable: "CONFORMANCE_UNPRIVILEGED_TOKEN" } }),
      want: `${start} -H "Authorization: Bearer $CONFORMANCE_UNPRIVILEGED_TOKEN" "$CONFORMANCE_BASE_URL"'${member}'`,
    },
  ],
  [
    "a request without Authorization has no Authorization header",
    { given: exchange(member, {}), want: `${start} "$CONFORMANCE_BASE_URL"'${member}'` },
  ],
  [
    "a garbage credential is written as it was sent",
    {
      given: exchange(member, { authorization: { literal: "Bearer not-a-token" } }),
      want: `${start} -H 'Authorization: Bearer not-a-token' "$CONFORMANCE_BASE_URL"'${member}'`,
    },
  ],
  [
    "a forged JWT is a variable",
    {
      given: exchange(member, { authorization: { prefix: "Bearer ", variable: "FORGED_TOKEN" } }),
      want: `${start} -H "Authorization: Bearer $FORGED_TOKEN" "$CONFORMANCE_BASE_URL"'${member}'`,
    },
  ],
  [
    "an encoded traversal is sent as written",
    {
      given: exchange(`/itwins/${itwin}/members/groups/..%2F..%2Fgroups%2F${group}`, { authorization: admin }),
      want: `${start} -H "Authorization: Bearer $CONFORMANCE_TOKEN" "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/members/groups/..%2F..%2Fgroups%2F${group}'`,
    },
  ],
  [
    "plain dot segments are kept with --path-as-is",
    {
      given: exchange(`/itwins/${itwin}/members/groups/../${group}`, {}),
      want: `curl -sS -i -X DELETE --path-as-is -H 'Accept: ${accept}' "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/members/groups/../${group}'`,
    },
  ],
  [
    "brackets and braces are not globbed",
    {
      given: exchange(`/itwins/${itwin}/members/groups/{x}[1]`, {}),
      want: `curl -sS -i -X DELETE --globoff -H 'Accept: ${accept}' "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/members/groups/{x}[1]'`,
    },
  ],
  [
    "an id of 4096 characters is written whole",
    {
      given: exchange(`/itwins/${itwin}/members/groups/${"0".repeat(4096)}`, {}),
      want: `${start} "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/members/groups/${"0".repeat(4096)}'`,
    },
  ],
  [
    "another method, and a body with a single quote, with its Content-Type",
    {
      given: exchange(
        `/itwins/${itwin}/groups`,
        {
          headers: { Accept: accept, "Content-Type": "application/json" },
          authorization: admin,
          body: `{"name":"it's $HOME \`x\`"}`,
        },
        "POST",
      ),
      want: `curl -sS -i -X POST -H 'Accept: ${accept}' -H 'Content-Type: application/json' -H "Authorization: Bearer $CONFORMANCE_TOKEN" --data-binary '{"name":"it'\\''s $HOME \`x\`"}' "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/groups'`,
    },
  ],
  [
    "a secret that reached the body anyway is redacted",
    {
      given: exchange(`/itwins/${itwin}/groups`, { body: `{"name":"${adminToken}"}` }, "POST"),
      want: `curl -sS -i -X POST -H 'Accept: ${accept}' --data-binary '{"name":"[REDACTED]"}' "$CONFORMANCE_BASE_URL"'/itwins/${itwin}/groups'`,
    },
  ],
];

for (const [title, { given, want }] of commands) {
  test(`curl: ${title}`, () => {
    expect(curlCommand(given, base)).toBe(want);
  });
}

test("curl: an exchange that does not say what was sent has no command", () => {
  expect(curlCommand({ ...exchange(member, {}), request: undefined }, base)).toBeUndefined();
});

test("shell quoting: single quotes inside are closed, escaped and reopened", () => {
  expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
});

test("evidence carries the command, through the annotation too", () => {
  const evidence = evidenceOf(exchange(member, { authorization: admin }), base, "violation");
  expect(evidence.curl).toBe(
    `${start} -H "Authorization: Bearer $CONFORMANCE_TOKEN" "$CONFORMANCE_BASE_URL"'${member}'`,
  );
  expect(decodeEvidence(encodeEvidence("REMOVE-204", evidence))?.evidence.curl).toBe(evidence.curl);
});

const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
const sources: [string, { value: string; explicit?: string; want: ReturnType<typeof sentAuthorization> }][] = [
  ["the client's token", { value: `Bearer ${adminToken}`, want: admin }],
  ["the client's token without a scheme", { value: adminToken, want: { prefix: "", variable: "CONFORMANCE_TOKEN" } }],
  ["a garbage token", { value: "Bearer not-a-token", want: { literal: "Bearer not-a-token" } }],
  ["the Basic scheme", { value: "Basic Y29uZm9ybWFuY2U=", want: { literal: "Basic Y29uZm9ybWFuY2U=" } }],
  ["the scheme alone", { value: "Bearer", want: { literal: "Bearer" } }],
  ["a forged JWT", { value: `Bearer ${jwt}`, want: { prefix: "Bearer ", variable: "FORGED_TOKEN" } }],
  [
    "a token of another setting",
    {
      value: `Bearer ${jwt}`,
      explicit: "CONFORMANCE_EXPIRED_TOKEN",
      want: { prefix: "Bearer ", variable: "CONFORMANCE_EXPIRED_TOKEN" },
    },
  ],
];

for (const [title, { value, explicit, want }] of sources) {
  test(`credential source: ${title}`, () => {
    expect(sentAuthorization(value, adminToken, "CONFORMANCE_TOKEN", explicit)).toEqual(want);
  });
}

interface Received {
  method: string;
  url: string;
  accept?: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

/** The admin's client against `baseUrl`, no retries; `credentialSetting` names where its token comes from. */
function adminClient(baseUrl: string, credentialSetting?: string): ApiClient {
  return new ApiClient({
    baseUrl,
    token: adminToken,
    timeoutMs: 5_000,
    retry: { maxRetries: 0, maxWaitSeconds: 0 },
    ...(credentialSetting ? { credentialSetting } : {}),
  });
}

async function recordingServer(): Promise<{ baseUrl: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({
        method: req.method!,
        url: req.url!,
        accept: req.headers.accept,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(404, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/accesscontrol`;
  return { baseUrl, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const replays: [string, { operation: "removeItwinGroupMember" | "createItwinGroup"; options: SendOptions }][] = [
  ["the admin's removal", { operation: "removeItwinGroupMember", options: { params: { id: itwin, groupId: group } } }],
  [
    "an encoded traversal, sent raw",
    {
      operation: "removeItwinGroupMember",
      options: { params: { id: itwin, groupId: `%2E%2E%2F%2E%2E%2Fgroups%2F${group}` }, raw: true },
    },
  ],
  [
    "a dot-dot segment, sent as written",
    {
      operation: "removeItwinGroupMember",
      options: { params: { id: itwin, groupId: `${itwin}/./../${group}` }, raw: true },
    },
  ],
  [
    "an id of 4096 characters",
    { operation: "removeItwinGroupMember", options: { params: { id: itwin, groupId: "0".repeat(4096) } } },
  ],
  [
    "a garbage credential and another Accept",
    {
      operation: "removeItwinGroupMember",
      options: { params: { id: itwin, groupId: group }, authorization: "Bearer   ", accept: "*/*" },
    },
  ],
  [
    "no credential",
    { operation: "removeItwinGroupMember", options: { params: { id: itwin, groupId: group }, authorization: null } },
  ],
  [
    "the token without a scheme",
    {
      operation: "removeItwinGroupMember",
      options: { params: { id: itwin, groupId: group }, authorization: adminToken },
    },
  ],
  [
    "a body with quotes",
    {
      operation: "createItwinGroup",
      options: { params: { id: itwin }, body: { name: `it's "$HOME"`, description: "" } },
    },
  ],
];

test.describe("a replay sends what the suite sent", () => {
  test.skip(
    !process.env.PATH?.split(":").some((dir) => {
      try {
        return statSync(`${dir}/curl`).isFile();
      } catch {
        return false;
      }
    }),
    "curl is not installed: the replay cannot be run",
  );
  for (const [title, { operation, options }] of replays) {
    test(title, async () => {
      const server = await recordingServer();
      try {
        const api = adminClient(server.baseUrl);
        const sent = await api.send(operation, options);
        const command = curlCommand(sent, server.baseUrl)!;
        await promisify(execFile)("sh", ["-c", command], {
          env: { PATH: process.env.PATH, CONFORMANCE_BASE_URL: server.baseUrl, CONFORMANCE_TOKEN: adminToken },
          timeout: 10_000,
        });
        expect(server.received).toHaveLength(2);
        expect(server.received[1]).toEqual(server.received[0]);
      } finally {
        await server.close();
      }
    });
  }
});

const clientCases: [string, { options: Partial<SendOptions>; client?: string; want: Partial<SentRequest> }][] = [
  [
    "the client's token names the client's setting",
    {
      options: {},
      client: "CONFORMANCE_UNPRIVILEGED_TOKEN",
      want: {
        headers: { Accept: accept },
        authorization: { prefix: "Bearer ", variable: "CONFORMANCE_UNPRIVILEGED_TOKEN" },
      },
    },
  ],
  [
    "an explicit credential names the setting it came from",
    {
      options: { authorization: `Bearer ${jwt}`, authorizationSetting: "CONFORMANCE_NO_SCOPE_TOKEN" },
      want: {
        headers: { Accept: accept },
        authorization: { prefix: "Bearer ", variable: "CONFORMANCE_NO_SCOPE_TOKEN" },
      },
    },
  ],
  [
    "blanks around a literal are dropped, as fetch drops them",
    {
      options: { authorization: "Bearer   " },
      want: { headers: { Accept: accept }, authorization: { literal: "Bearer" } },
    },
  ],
  ["no credential, no source", { options: { authorization: null }, want: { headers: { Accept: accept } } }],
];

for (const [title, { options, client, want }] of clientCases) {
  test(`the exchange says what was sent: ${title}`, async () => {
    const server = await recordingServer();
    try {
      const api = adminClient(server.baseUrl, client);
      const before = Date.now();
      const { request } = await api.send("removeItwinGroupMember", {
        params: { id: itwin, groupId: group },
        ...options,
      });
      const { startedAtMs, durationMs, ...rest } = request!;
      expect(rest).toEqual(want);
      expect(startedAtMs).toBeGreaterThanOrEqual(before);
      expect(durationMs).toBeGreaterThanOrEqual(0);
      expect(JSON.stringify(request)).not.toContain(adminToken);
      expect(JSON.stringify(request)).not.toContain(jwt);
    } finally {
      await server.close();
    }
  });
}
