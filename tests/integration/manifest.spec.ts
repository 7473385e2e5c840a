import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { removalsPerFullRun } from "../../src/provisioning/manifest-data";
import { runStartOf } from "../../src/provisioning/sweep";
import type { DeviationName } from "../../src/reference-service/deviations/switchboard";
import { identityClients } from "../../src/reference-service/embedded-target";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import { identities, identitySettingNames } from "../../src/settings/identities";
import { runToEnd, suiteCommand } from "../support/harness";

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";

test("a bad manifest stops the run: exit 2, one line per bad entry", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "manifest-"));
  writeFileSync(path.join(dir, "m.yaml"), `itwinId: ${itwin}\nmemberGroupIds: [not-a-guid]\nunknownIds: []\n`);
  const run = await runToEnd(suiteCommand(), {
    env: {
      CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol",
      CONFORMANCE_TOKEN: "t",
      CONFORMANCE_FIXTURES: "manifest",
      CONFORMANCE_MANIFEST: path.join(dir, "m.yaml"),
    },
  });
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toMatch(
    /configuration errors in CONFORMANCE_MANIFEST ".*m\.yaml":\n {2}- "unknownIds" is not a field of a manifest; the fields are .*\n {2}- memberGroupIds\[0\] is "not-a-guid", not a GUID .*\n?$/,
  );
});

/** A target whose member groups (as many as a full run needs) and one non-member group a manifest offers, beside a member group it does not. */
async function manifestTarget(deviations: DeviationName[] = []) {
  const service = await startReferenceService({ rateLimit: { limit: 60, windowSeconds: 1 }, deviations });
  const itwin = service.store.itwins.get(service.seed.itwinId)!;
  const group = (name: string, member: boolean) => {
    const created = service.store.createGroup(itwin, name, "");
    if (member) service.store.addGroupMember(itwin, created.id, [service.seed.seededRoleId]);
    return created.id;
  };
  const members = Array.from({ length: removalsPerFullRun + 1 }, (_, n) => group(`offered ${n}`, true));
  const nonMember = group("offered, not a member", false);
  const dir = mkdtempSync(path.join(tmpdir(), "manifest-target-"));
  const manifest = path.join(dir, "manifest.yaml");
  writeFileSync(
    manifest,
    `itwinId: ${service.seed.itwinId}\nmemberGroupIds: [${members.join(", ")}]\nnonMemberGroupIds: [${nonMember}]\n`,
  );
  const env = {
    CONFORMANCE_BASE_URL: service.baseUrl,
    CONFORMANCE_TOKEN: await service.issuer.mint({
      clientId: service.clients.admin.clientId,
      scopes: ["itwin-platform"],
      lifetimeSeconds: 600,
    }),
    ...Object.fromEntries(
      await Promise.all(
        identities.map(async (identity) => [
          identitySettingNames(identity).token,
          await service.issuer.mint({
            clientId: service.clients[identityClients[identity.key]].clientId,
            scopes: ["itwin-platform"],
            lifetimeSeconds: 600,
          }),
        ]),
      ),
    ),
    CONFORMANCE_OTHER_ITWIN_ID: service.seed.otherItwinId,
    CONFORMANCE_FIXTURES: "manifest",
    CONFORMANCE_MANIFEST: manifest,
    CONFORMANCE_RATE_LIMIT_BUDGET: "500",
  };
  const groupCount = itwin.groups.size;
  return { service, itwin, members, nonMember, env, groupCount };
}

// The granted identities' removals skip too: the suite reads back only what it creates.
const stateChecks = [
  "REMOVE-MEMBERSHIP-GONE",
  "REMOVE-GROUP-KEPT",
  "REMOVE-OTHERS-KEPT",
  "AUTHZ-PERMISSION-REMOVES",
  "AUTHZ-ORG-ADMIN-REMOVES",
];

test.describe("manifest fixtures against a target", () => {
  test.describe.configure({ timeout: 90_000 });
  let service: ReferenceService | undefined;
  test.afterEach(async () => service?.close());

  test("the run passes, skips only what needs state, creates nothing and removes only offered groups", async () => {
    const target = await manifestTarget();
    service = target.service;
    const run = await runToEnd(suiteCommand(), { env: target.env });
    expect(run.exitCode, run.output).toBe(0);
    const skipped = run.report!.checks.filter((c) => c.verdict === "skip");
    expect(skipped.map((c) => c.id).sort()).toEqual([...stateChecks].sort());
    for (const check of skipped) expect(check.reason).toContain("CONFORMANCE_FIXTURES=manifest");
    expect(run.report!.checks.filter((c) => c.verdict !== "skip" && c.verdict !== "pass")).toEqual([]);
    // What the manifest cannot show is named in the reason of a check that passed on the status alone.
    expect(run.report!.checks.find((c) => c.id === "AUTHZ-REFUSED")?.reason).toMatch(
      /^passed what ran; not checked: .*whether the membership remains \(CONFORMANCE_FIXTURES=manifest reads no state back\)/,
    );

    const { itwin, members, nonMember } = target;
    expect(itwin.groups.size, "the suite created or deleted groups").toBe(target.groupCount);
    expect([...itwin.roles.values()].filter((r) => runStartOf(r.displayName))).toEqual([]);
    expect(itwin.groupMembers.has(members[0]!), "the guarded group was removed").toBe(true);
    expect(
      members.slice(1).filter((id) => !itwin.groupMembers.has(id)),
      "every removal took an offered group",
    ).toHaveLength(removalsPerFullRun);
    expect(itwin.groupMembers.has(service.seed.seededGroupId), "a member the manifest did not offer was removed").toBe(
      true,
    );
    expect(itwin.groups.has(nonMember)).toBe(true);
  });

  test("a stateless mock, whose removals change nothing, passes: its state is not judged", async () => {
    const target = await manifestTarget(["remove-does-nothing"]);
    service = target.service;
    const run = await runToEnd(suiteCommand(), { env: target.env });
    expect(run.exitCode, run.output).toBe(0);
    expect(run.report!.verdict).toBe("pass");
  });

  test("with too few ids to remove, the removal checks skip with the field to fill, not fail", async () => {
    const target = await manifestTarget();
    service = target.service;
    writeFileSync(
      target.env.CONFORMANCE_MANIFEST,
      `itwinId: ${service.seed.itwinId}\nmemberGroupIds: [${target.members[0]}]\n`,
    );
    const run = await runToEnd(suiteCommand(), { env: target.env });
    const byId = new Map(run.report!.checks.map((c) => [c.id, c]));
    expect(byId.get("REMOVE-204")?.verdict).toBe("skip");
    expect(byId.get("REMOVE-204")?.reason).toMatch(/memberGroupIds offers no group to remove/);
    expect(byId.get("NOT-FOUND-NON-MEMBER")?.reason).toMatch(/lists no nonMemberGroupIds/);
    expect(run.report!.checks.filter((c) => c.verdict === "fail")).toEqual([]);
    expect(target.itwin.groupMembers.has(target.members[0]!)).toBe(true);
  });
});
