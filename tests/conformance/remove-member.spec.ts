import type { ApiClient } from "../../src/client/api-client";
import { sendOverWire } from "../../src/client/wire";
import { stateUnavailableReason } from "../../src/provisioning/test-data";
import { expect, tags, test, type Verify } from "../../src/suite/fixtures";
import { expectStatus } from "../../src/suite/responses";

/**
 * Removes a membership for a check that is about what a removal leaves in
 * place. Without a 204 there is nothing to judge: the test skips (the failure
 * is REMOVE-204's).
 */
async function removeForSideEffectCheck(api: ApiClient, itwinId: string, groupId: string): Promise<void> {
  const removal = await api.send("removeItwinGroupMember", { params: { id: itwinId, groupId } });
  test.skip(
    removal.status !== 204,
    `the removal answered ${removal.status}, not 204, so what it leaves in place cannot be judged`,
  );
}

/** A 204 must have ended the membership it names, whichever test sees the 204; read back after the removal. */
async function verifyMembershipGone(verify: Verify, stillMember: boolean): Promise<void> {
  await verify("REMOVE-MEMBERSHIP-GONE", () => {
    expect(stillMember, "the removal answered 204 but the membership is still there").toBe(false);
  });
}

// A valid removal: 204, and exactly that membership ends.
test.describe("a valid removal", () => {
  test("answers 204 No Content", tags("REMOVE-204"), async ({ api, provision, run, verify }) => {
    const groupId = await provision.memberGroup("removed");
    const removal = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("REMOVE-204", () => expectStatus(removal, 204));
  });

  test(
    "answers 204 also to a client that does not ask for the recommended media type",
    tags("REMOVE-204"),
    async ({ api, provision, run, verify }) => {
      // The documentation recommends its Accept value; it does not require it.
      const groupId = await provision.memberGroup("removed");
      const removal = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId }, accept: "*/*" });
      await verify("REMOVE-204", () => expectStatus(removal, 204));
    },
  );

  test(
    "ends the membership: a second removal and the member lookup are 404",
    tags("REMOVE-MEMBERSHIP-GONE"),
    async ({ api, provision, run, verify }) => {
      test.skip(!provision.readsState, stateUnavailableReason);
      const groupId = await provision.memberGroup("removed");
      await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
      const [again, stillMember] = await Promise.all([
        api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } }),
        provision.isMember(groupId),
      ]);
      await verify("REMOVE-MEMBERSHIP-GONE", async () => {
        expectStatus(again, 404);
        expect(stillMember, "the member lookup still finds the removed group").toBe(false);
      });
    },
  );

  test(
    "leaves the group itself in place",
    tags("REMOVE-GROUP-KEPT", "REMOVE-MEMBERSHIP-GONE"),
    async ({ api, provision, run, verify }) => {
      test.skip(!provision.readsState, stateUnavailableReason);
      const groupId = await provision.memberGroup("removed");
      await removeForSideEffectCheck(api, run.itwinId, groupId);
      const [groupKept, stillMember] = await Promise.all([provision.groupExists(groupId), provision.isMember(groupId)]);
      await verify("REMOVE-GROUP-KEPT", async () => {
        expect(groupKept, "the group was deleted along with its membership").toBe(true);
      });
      await verifyMembershipGone(verify, stillMember);
    },
  );

  test(
    "leaves the other memberships of the iTwin in place",
    tags("REMOVE-OTHERS-KEPT", "REMOVE-MEMBERSHIP-GONE"),
    async ({ api, provision, run, verify }) => {
      test.skip(!provision.readsState, stateUnavailableReason);
      // One request makes both members, the bystander last: the newest membership, which a broken removal may end.
      const [removed, bystander] = await provision.memberGroups(["removed", "bystander"]);
      const rolesBefore = await provision.memberRoles(bystander);
      await removeForSideEffectCheck(api, run.itwinId, removed);
      const [rolesAfter, stillMember] = await Promise.all([
        provision.memberRoles(bystander),
        provision.isMember(removed),
      ]);
      await verify("REMOVE-OTHERS-KEPT", async () => {
        expect(rolesAfter, "another group's membership ended too").toBeDefined();
        expect(rolesAfter, "another group's membership lost roles").toEqual(rolesBefore);
      });
      await verifyMembershipGone(verify, stillMember);
    },
  );
});

// fetch, like every HTTP client, drops what a server sends after a 204's
// headers; this check reads the removal's answer off the wire.
test("sends no content after the 204's headers", tags("REMOVE-NO-BODY"), async ({ api, provision, run, verify }) => {
  const groupId = await provision.memberGroup("removed on the wire");
  const url = api.url("removeItwinGroupMember", { id: run.itwinId, groupId });
  const answer = await api.retrying(() =>
    api.gated("check", async () =>
      sendOverWire(
        url,
        { method: "DELETE", headers: await api.headers() },
        { timeoutMs: run.settings.requestTimeoutMs },
      ),
    ),
  );
  test.skip(answer.status !== 204, `the removal answered ${answer.status}, not 204, so there is no 204 to inspect`);
  // Content that goes on past the read cap was cut there, and the connection closed on the rest.
  const cut = answer.afterHeadersCutAt === undefined ? "" : `; cut at ${answer.afterHeadersCutAt} bytes`;
  await verify("REMOVE-NO-BODY", () => {
    expect(
      answer.afterHeaders,
      `bytes after the 204's headers (Content-Length: ${answer.headers["content-length"] ?? "none"}${cut})`,
    ).toBe("");
  });
});
