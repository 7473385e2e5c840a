import { loopbackServer } from "../support/loopback-server";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { startEmbeddedTarget, type EmbeddedTarget } from "../../src/reference-service/embedded-target";
import { runToEnd, suiteCommand } from "../support/harness";

// Before any check, the run proves with its own identities that the setup can work. A refused token or an unknown
// iTwin against a correct implementation is a setup mistake: exit 2 within 10 s, one message naming the setting and
// quoting the target's answer, and no verdict, never a FAIL that blames the implementation.

let target: EmbeddedTarget;

test.beforeAll(async () => {
  target = await startEmbeddedTarget();
});

test.afterAll(async () => {
  await target.service.close();
});

const refusals: [string, { env: () => Record<string, string>; want: RegExp }][] = [
  [
    "a token the target refuses",
    {
      env: () => ({ CONFORMANCE_TOKEN: "not-a-token-of-this-target", CONFORMANCE_ITWIN_ID: target.itwinId }),
      want: /configuration error: the target refused the admin credential of CONFORMANCE_TOKEN: GET \/itwins\/[0-9a-f-]+\/members\/groups\/[0-9a-f-]+ answered 401 InvalidToken\. .*cannot be told apart from a bad token/,
    },
  ],
  [
    "an expired token",
    {
      env: () => ({ CONFORMANCE_TOKEN: target.expiredToken!, CONFORMANCE_ITWIN_ID: target.itwinId }),
      want: /the target refused the admin credential of CONFORMANCE_TOKEN: .* answered 401 InvalidToken/,
    },
  ],
  [
    "an iTwin the target does not know",
    {
      env: () => ({
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_ITWIN_ID: "4caed38b-9823-453f-8290-e9dd2b591174",
      }),
      want: /configuration error: CONFORMANCE_ITWIN_ID names iTwin "4caed38b-9823-453f-8290-e9dd2b591174", which the target does not know for the identity of CONFORMANCE_TOKEN: GET .* answered 404 ItwinNotFound; check the id, and that the iTwin is on this target$/m,
    },
  ],
];

for (const [title, { env, want }] of refusals) {
  test(`preflight: ${title} → exit 2 within 10 s, naming the setting, with no verdict`, async () => {
    const run = await runToEnd(suiteCommand(), { env: { CONFORMANCE_BASE_URL: target.baseUrl, ...env() } });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.durationMs).toBeLessThan(10_000);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toContain(target.expiredToken!);
    expect(run.report).toBeUndefined();
  });
}

test("preflight: a manifest member group that is not a member → exit 2, naming the entry", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "preflight-"));
  const stranger = "00000000-0000-4000-8000-000000000001";
  try {
    const manifest = path.join(dir, "manifest.json");
    writeFileSync(
      manifest,
      JSON.stringify({ itwinId: target.itwinId, memberGroupIds: [target.service.seed.seededGroupId, stranger] }),
    );
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: target.baseUrl,
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_FIXTURES: "manifest",
        CONFORMANCE_MANIFEST: manifest,
      },
    });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `configuration error: memberGroupIds\\[1\\] of CONFORMANCE_MANIFEST lists group "${stranger}" as a member of iTwin "${target.itwinId}", but it is not one: GET .* answered 404 (TeamMemberNotFound|GroupNotFound); make it a member, or remove it from the manifest`,
      ),
    );
    expect(run.report).toBeUndefined();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A wrong target is a setup error, found before any check: never a verdict that blames the implementation.

/** A hand-made target on loopback; `origin` is its root. */
const fakeTarget = loopbackServer;

const origin = () => target.baseUrl.replace(/\/accesscontrol$/, "");

for (const [title, baseUrl] of [
  ["without /accesscontrol", () => origin()],
  ["with /accesscontrol twice", () => `${target.baseUrl}/accesscontrol`],
] as const) {
  test(`preflight: a base URL ${title} → exit 2 within 10 s, quoting the URL to use`, async () => {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: baseUrl(),
        CONFORMANCE_TOKEN: target.adminToken,
        CONFORMANCE_ITWIN_ID: target.itwinId,
      },
    });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.durationMs).toBeLessThan(10_000);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr.trim()).toBe(
      `configuration error: CONFORMANCE_BASE_URL ${baseUrl()} does not answer like the Access Control API: ` +
        `GET /itwins/${target.itwinId}/members/groups/${run.stderr.match(/groups\/([0-9a-f-]{36})/)![1]} answered 404 NotFound: ` +
        `"{\\"error\\":{\\"code\\":\\"NotFound\\",\\"message\\":\\"The requested resource does not exist.\\"}}". ` +
        `${target.baseUrl} does (GET ${run.stderr.match(/does \(GET (\S+)/)![1]} answered 404 TeamMemberNotFound: ` +
        `"{\\"error\\":{\\"code\\":\\"TeamMemberNotFound\\",\\"message\\":\\"Requested team member is not available.\\"}}"): ` +
        `set CONFORMANCE_BASE_URL=${target.baseUrl}`,
    );
    expect(run.report).toBeUndefined();
  });
}

const foreignTargets: [string, (response: ServerResponse) => void, string][] = [
  ["an empty 404 to every request", (response) => void response.writeHead(404).end(), "answered 404 (an empty body)"],
  [
    "a sign-in redirect",
    (response) => void response.writeHead(302, { Location: "https://login.example.test/sign-in" }).end(),
    "answered 302 (a redirect to https://login.example.test/sign-in)",
  ],
  [
    "an HTML page",
    (response) =>
      void response
        .writeHead(200, { "Content-Type": "text/html" })
        .end("<!doctype html><html><head><title>Portal</title></head><body>Welcome</body></html>"),
    'answered 200 (an HTML page titled "Portal"): "<!doctype html>',
  ],
];

for (const [title, answer, quoted] of foreignTargets) {
  test(`preflight: a host that answers with ${title} → exit 2 within 10 s, quoting it`, async () => {
    const host = await fakeTarget((_request, response) => answer(response));
    try {
      const baseUrl = `${host.origin}/accesscontrol`;
      const run = await runToEnd(suiteCommand(), {
        env: { CONFORMANCE_BASE_URL: baseUrl, CONFORMANCE_TOKEN: "t", CONFORMANCE_ITWIN_ID: target.itwinId },
      });
      expect(run.exitCode, run.output).toBe(2);
      expect(run.durationMs).toBeLessThan(10_000);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toContain(
        `configuration error: CONFORMANCE_BASE_URL ${baseUrl} does not answer like the Access Control API, which answers JSON: GET /itwins/${target.itwinId}/members/groups/`,
      );
      expect(run.stderr).toContain(quoted);
      expect(run.stderr).toMatch(/; DELETE \/itwins\/[0-9a-f-]+\/members\/groups\/[0-9a-f-]+ answered /);
      expect(run.stderr).toContain(
        "Check that it is the API's base URL (such as https://qa-api.bentley.com/accesscontrol), not a sign-in page, a portal or another service",
      );
      expect(run.report).toBeUndefined();
    } finally {
      await host.close();
    }
  });
}

test("setup: a target without the route to create roles (405) → exit 2, naming the operation and quoting it", async () => {
  // The lookups answer as the API does; creating the run's role meets a web server's 405.
  const host = await fakeTarget((request, response) => {
    if (request.method === "GET") {
      const body = JSON.stringify({
        error: { code: "TeamMemberNotFound", message: "Requested team member is not available." },
      });
      return void response.writeHead(404, { "Content-Type": "application/json" }).end(body);
    }
    response.writeHead(405, { "Content-Type": "text/plain" }).end("Method Not Allowed");
  });
  try {
    const run = await runToEnd(suiteCommand(), {
      env: {
        CONFORMANCE_BASE_URL: `${host.origin}/accesscontrol`,
        CONFORMANCE_TOKEN: "t",
        CONFORMANCE_ITWIN_ID: target.itwinId,
      },
    });
    expect(run.exitCode, run.output).toBe(2);
    expect(run.stderr.trim()).toBe(
      `setup error: the target does not answer createItwinRole like the Access Control API, so the suite cannot provision its test data: ` +
        `POST /itwins/${target.itwinId}/roles answered 405 (a body that is not JSON (content-type: text/plain)): "Method Not Allowed". ` +
        "Check CONFORMANCE_BASE_URL; a target without the sibling operations runs with CONFORMANCE_FIXTURES=manifest",
    );
    expect(run.report).toBeUndefined();
  } finally {
    await host.close();
  }
});

// The other side: what the preflight cannot tell from non-conformance, it judges.
const judgedTargets: [string, (request: IncomingMessage, response: ServerResponse) => void][] = [
  [
    "a mock of the operation alone (every other route a web server's HTML 404)",
    (request, response) => {
      if (request.method === "DELETE" && /\/accesscontrol\/itwins\/[^/]+\/members\/groups\/[^/]+$/.test(request.url!)) {
        const body = JSON.stringify({
          error: { code: "TeamMemberNotFound", message: "Requested team member is not available." },
        });
        return void response.writeHead(404, { "Content-Type": "application/json" }).end(body);
      }
      response
        .writeHead(404, { "Content-Type": "text/html" })
        .end(`<html><body>Cannot ${request.method} ${request.url}</body></html>`);
    },
  ],
  [
    "a target that writes its errors as plain text, and refuses a request without a credential (401)",
    (request, response) => {
      const [status, text] = request.headers.authorization ? [404, "GroupNotFound"] : [401, "HeaderNotFound"];
      response.writeHead(status, { "Content-Type": "text/plain" }).end(text);
    },
  ],
  [
    "a target that answers like the API, but wrongly (a JSON 404 NotFound to everything)",
    (_request, response) => {
      const body = JSON.stringify({ error: { code: "NotFound", message: "Not found." } });
      response.writeHead(404, { "Content-Type": "application/json" }).end(body);
    },
  ],
];

for (const [title, handle] of judgedTargets) {
  test(`preflight: ${title}, in manifest mode, is judged, not refused`, async () => {
    const host = await fakeTarget(handle);
    const dir = mkdtempSync(path.join(tmpdir(), "preflight-"));
    try {
      const manifest = path.join(dir, "manifest.json");
      writeFileSync(
        manifest,
        JSON.stringify({ itwinId: target.itwinId, memberGroupIds: [target.service.seed.seededGroupId] }),
      );
      const run = await runToEnd(suiteCommand(["--grep", "@NOT-FOUND-GROUP"]), {
        env: {
          CONFORMANCE_BASE_URL: `${host.origin}/accesscontrol`,
          CONFORMANCE_TOKEN: "t",
          CONFORMANCE_FIXTURES: "manifest",
          CONFORMANCE_MANIFEST: manifest,
        },
      });
      expect(run.stderr).not.toContain("configuration error");
      expect([0, 1], run.output).toContain(run.exitCode);
      expect(run.report?.checks.find((check) => check.id === "NOT-FOUND-GROUP")?.verdict).toMatch(/^(pass|fail)$/);
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
