import { expect, tags, test } from "../config/fixtures";
import { expectStatus } from "../config/responses";

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
    await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("REMOVE-GROUP-KEPT", async () => {
      expect(await provision.groupExists(groupId), "the group was deleted along with its membership").toBe(true);
    });
  });

  test("leaves the other memberships of the iTwin in place", tags("REMOVE-OTHERS-KEPT"), async ({ api, provision, roleId, run, verify }) => {
    const removed = await provision.memberGroup("removed", roleId);
    const bystander = await provision.memberGroup("bystander", roleId);
    const rolesBefore = await provision.memberRoles(bystander);
    await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId: removed } });
    await verify("REMOVE-OTHERS-KEPT", async () => {
      const rolesAfter = await provision.memberRoles(bystander);
      expect(rolesAfter, "another group's membership ended too").toBeDefined();
      expect(rolesAfter, "another group's membership lost roles").toEqual(rolesBefore);
    });
  });
});
