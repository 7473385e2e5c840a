import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
