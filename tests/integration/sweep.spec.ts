import { expect, test } from "@playwright/test";
import { newRunIdentity } from "../../src/settings/run-context";
import { runStartOf } from "../../src/provisioning/sweep";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import type { Itwin } from "../../src/reference-service/store";
import { eventually, runToEnd, scriptCommand, startInBackground, suiteCommand } from "../support/harness";

/** The names of the groups and roles a run of the suite created in `itwin`. */
function suiteObjects(itwin: Itwin): string[] {
  return [
    ...[...itwin.groups.values()].map((g) => g.name),
    ...[...itwin.roles.values()].map((r) => r.displayName),
  ].filter((name) => runStartOf(name));
}

/** Objects the suite did not create, some named to look like its own: a sweep must leave them all. */
function seedBystanders(service: ReferenceService, itwin: Itwin) {
  const team = service.store.createGroup(itwin, "team alpha", "a real team");
  const lookalike = service.store.createGroup(
    itwin,
    "conformance-suite-handmade",
    "named like the suite's, not made by it",
  );
  const role = service.store.createRole(itwin, "conformance-suite reviewers", "named like the suite's, not made by it");
  service.store.addGroupMember(itwin, team.id, [role.id]);
  return {
    groups: [team.id, lookalike.id, service.seed.seededGroupId],
    roles: [role.id, service.seed.seededRoleId],
    member: team.id,
  };
}

function targetEnv(service: ReferenceService): Record<string, string> {
  return {
    CONFORMANCE_BASE_URL: service.baseUrl,
    CONFORMANCE_ITWIN_ID: service.seed.itwinId,
    CONFORMANCE_CLIENT_ID: service.clients.admin.clientId,
    CONFORMANCE_CLIENT_SECRET: service.clients.admin.clientSecret,
    CONFORMANCE_TOKEN_URL: service.tokenUrl,
  };
}

test.describe("sweeping after a killed run", () => {
  test.describe.configure({ timeout: 90_000 });
  let service: ReferenceService;
  test.beforeEach(async () => {
    service = await startReferenceService({ rateLimit: { limit: 0, windowSeconds: 1 } });
  });
  test.afterEach(async () => service.close());

  for (const signal of ["SIGKILL", "SIGINT"] as const) {
    test(`a run stopped by ${signal} mid-provisioning, then a sweep, leaves nothing of the suite and everything else`, async ({}, testInfo) => {
      const itwin = service.store.itwins.get(service.seed.itwinId)!;
      const bystanders = seedBystanders(service, itwin);
      const env = { ...targetEnv(service), CONFORMANCE_REPORT_DIR: testInfo.outputPath("reports") };

      const started = startInBackground(suiteCommand(["--reporter=dot"]), { env });
      // A worker's role and a first group exist: the run is provisioning.
      const provisioning = await eventually(() => suiteObjects(itwin).length >= 2, 30_000);
      started.signalGroup(signal);
      const run = await started.finish();
      expect(provisioning, `the run never provisioned anything:\n${run.output}`).toBe(true);
      if (signal === "SIGKILL")
        expect(
          suiteObjects(itwin).length,
          "a killed run cleans nothing up, so there is something to sweep",
        ).toBeGreaterThan(0);
      // Ctrl-C lets Playwright tear the fixtures down: the run cleans up after itself.
      else expect(suiteObjects(itwin), "left behind after Ctrl-C").toEqual([]);

      const swept = await runToEnd(scriptCommand("scripts/sweep.ts", ["--older-than", "0", "--force"]), {
        env,
        timeoutMs: 30_000,
      });
      expect(swept.output).not.toContain(service.clients.admin.clientSecret);
      expect(swept.exitCode, swept.output).toBe(0);
      expect(suiteObjects(itwin)).toEqual([]);
      expect(bystanders.groups.filter((id) => !itwin.groups.has(id))).toEqual([]);
      expect(bystanders.roles.filter((id) => !itwin.roles.has(id))).toEqual([]);
      expect(itwin.groupMembers.has(bystanders.member)).toBe(true);
      expect(itwin.groupMembers.has(service.seed.seededGroupId)).toBe(true);
    });
  }

  test("the sweep keeps what a recent run made and deletes what an old one left", async () => {
    const itwin = service.store.itwins.get(service.seed.itwinId)!;
    const recent = service.store.createGroup(itwin, `${newRunIdentity().namePrefix} still running`, "");
    const old = service.store.createGroup(itwin, "conformance-suite-20200101T000000-abcdef left behind", "");
    const swept = await runToEnd(scriptCommand("scripts/sweep.ts", ["--older-than", "1h"]), {
      env: targetEnv(service),
      timeoutMs: 30_000,
    });
    expect(swept.exitCode, swept.output).toBe(0);
    expect(itwin.groups.has(recent.id)).toBe(true);
    expect(itwin.groups.has(old.id)).toBe(false);
    expect(swept.output).toContain("kept 1 of more recent runs");
  });

  test("a dry run lists and deletes nothing", async () => {
    const itwin = service.store.itwins.get(service.seed.itwinId)!;
    const old = service.store.createGroup(itwin, "conformance-suite-20200101T000000-abcdef left behind", "");
    const swept = await runToEnd(scriptCommand("scripts/sweep.ts", ["--older-than", "0", "--dry-run"]), {
      env: targetEnv(service),
      timeoutMs: 30_000,
    });
    expect(swept.exitCode, swept.output).toBe(0);
    expect(swept.output).toContain(`would delete 1:\n  group ${old.id}`);
    expect(itwin.groups.has(old.id)).toBe(true);
  });
});

const misuse: [string, { args: string[]; env: Record<string, string>; want: RegExp | string }][] = [
  ["no target", { args: [], env: {}, want: /CONFORMANCE_BASE_URL is not set/ }],
  ["an age that is not one", { args: ["--older-than", "soon"], env: {}, want: /--older-than must be an age/ }],
  [
    "an age without a unit",
    {
      args: ["--older-than", "6"],
      env: {},
      want: "sweep: --older-than 6 has no unit: write 6h for 6 hours or 6m for 6 minutes (units: s, m, h, d)",
    },
  ],
  [
    "an age of 0 without --force",
    {
      args: ["--older-than", "0"],
      env: {},
      want: "sweep: --older-than 0 is under 1h, as long as a run against a remote target may last: it would delete the objects of runs still going; add --force if no run is going",
    },
  ],
  [
    "an age shorter than a run without --force",
    {
      args: ["--older-than", "30m"],
      env: {},
      want: "sweep: --older-than 30m is under 1h, as long as a run against a remote target may last: it would delete the objects of runs still going; add --force if no run is going",
    },
  ],
  ["an unknown option", { args: ["--all"], env: {}, want: /^sweep: unknown option --all; see --help$/m }],
  [
    "a misspelt option, with the option meant",
    { args: ["--dryrun"], env: {}, want: /^sweep: unknown option --dryrun \(did you mean --dry-run\?\); see --help$/m },
  ],
  [
    "the production host",
    {
      args: [],
      env: {
        CONFORMANCE_BASE_URL: "https://api.bentley.com/accesscontrol",
        CONFORMANCE_TOKEN: "t",
        CONFORMANCE_ITWIN_ID: "4caed38b-9823-453f-8290-e9dd2b591174",
      },
      want: /CONFORMANCE_ALLOW_PRODUCTION=1/,
    },
  ],
];

for (const [title, { args, env, want }] of misuse) {
  test(`sweep: ${title} is exit 2 with one message`, async () => {
    const run = await runToEnd(scriptCommand("scripts/sweep.ts", args), { env, timeoutMs: 30_000 });
    expect(run.exitCode, run.output).toBe(2);
    if (typeof want === "string") expect(run.output.trim()).toBe(want);
    else expect(run.output).toMatch(want);
    expect(run.output.trim().split("\n")).toHaveLength(1);
  });
}
