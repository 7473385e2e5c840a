import type { ApiClient } from "../../src/client/api-client";
import { sendOverWire } from "../../src/client/wire";
import type { Provisioner } from "../../src/provisioning/provisioner";
import { expect, tags, test } from "../config/fixtures";
import { expectStatus } from "../config/responses";

/**
 * Removes a membership for a check that is about what a removal leaves in
 * place. When the removal itself did not succeed there is nothing to check:
 * the test skips (the failure is REMOVE-204's or REMOVE-MEMBERSHIP-GONE's).
 */
async function removeForSideEffectCheck(api: ApiClient, provision: Provisioner, itwinId: string, groupId: string): Promise<void> {
  const removal = await api.send("removeItwinGroupMember", { params: { id: itwinId, groupId } });
  const gone = removal.status === 204 && !(await provision.isMember(groupId));
  test.skip(!gone, `the removal did not end the membership (status ${removal.status}), so what it leaves in place cannot be judged`);
}

// A valid removal: 204, and exactly that membership ends.
test.describe("a valid removal", () => {
  test("answers 204 No Content", tags("REMOVE-204"), async ({ api, provision, roleId, run, verify }) => {
    const groupId = await provision.memberGroup("removed", roleId);
    const removal = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("REMOVE-204", () => expectStatus(removal, 204));
  });

  test("ends the membership: a second removal and the member lookup are 404", tags("REMOVE-MEMBERSHIP-GONE"), async ({ api, provision, roleId, run, verify }) => {
    const groupId = await provision.memberGroup("removed", roleId);
    await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    const again = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("REMOVE-MEMBERSHIP-GONE", async () => {
      expectStatus(again, 404);
      expect(await provision.isMember(groupId), "the member lookup still finds the removed group").toBe(false);
    });
  });

  test("leaves the group itself in place", tags("REMOVE-GROUP-KEPT"), async ({ api, provision, roleId, run, verify }) => {
    const groupId = await provision.memberGroup("removed", roleId);
    await removeForSideEffectCheck(api, provision, run.itwinId, groupId);
    await verify("REMOVE-GROUP-KEPT", async () => {
      expect(await provision.groupExists(groupId), "the group was deleted along with its membership").toBe(true);
    });
  });

  test("leaves the other memberships of the iTwin in place", tags("REMOVE-OTHERS-KEPT"), async ({ api, provision, roleId, run, verify }) => {
    const removed = await provision.memberGroup("removed", roleId);
    const bystander = await provision.memberGroup("bystander", roleId);
    const rolesBefore = await provision.memberRoles(bystander);
    await removeForSideEffectCheck(api, provision, run.itwinId, removed);
    await verify("REMOVE-OTHERS-KEPT", async () => {
      const rolesAfter = await provision.memberRoles(bystander);
      expect(rolesAfter, "another group's membership ended too").toBeDefined();
      expect(rolesAfter, "another group's membership lost roles").toEqual(rolesBefore);
    });
  });
});

// fetch, like every HTTP client, drops what a server sends after a 204's
// headers; this check reads the removal's answer off the wire.
test("sends no content after the 204's headers", tags("REMOVE-NO-BODY"), async ({ api, provision, roleId, run, verify }) => {
  const groupId = await provision.memberGroup("removed on the wire", roleId);
  const url = api.url("removeItwinGroupMember", { id: run.itwinId, groupId });
  const answer = await api.retrying(() => sendOverWire(url, { method: "DELETE", headers: api.headers() }, { timeoutMs: run.requestTimeoutMs }));
  test.skip(answer.status !== 204, `the removal answered ${answer.status}, not 204, so there is no 204 to inspect`);
  await verify("REMOVE-NO-BODY", () => {
    expect(answer.afterHeaders, `bytes after the 204's headers (Content-Length: ${answer.headers["content-length"] ?? "none"})`).toBe("");
  });
});
