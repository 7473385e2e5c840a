import { expect, tags, test } from "../../src/suite/fixtures";
import { expectErrorCode, expectStatus } from "../../src/suite/responses";

// 404: "iTwin or group with specified ID was not found." Nothing is removed.

test(
  "an unknown iTwin answers 404 ItwinNotFound and removes nothing",
  tags("NOT-FOUND-ITWIN"),
  async ({ api, provision, readBack, unknownId, verify, expectKept }) => {
    // The group is a real member elsewhere: a target that ignored the iTwin id would remove it.
    const groupId = await provision.guardedMember("member elsewhere");
    const response = await api.send("removeItwinGroupMember", { params: { id: unknownId("itwin"), groupId } });
    await verify("NOT-FOUND-ITWIN", async () => {
      expectStatus(response, 404);
      expectErrorCode(response, "ItwinNotFound");
      await readBack("NOT-FOUND-ITWIN", "whether the membership remains", async () => {
        await expectKept(groupId, "a removal addressed to another iTwin ended this membership");
      });
    });
  },
);

test("an unknown group answers 404", tags("NOT-FOUND-GROUP"), async ({ api, run, unknownId, verify }) => {
  const response = await api.send("removeItwinGroupMember", {
    params: { id: run.itwinId, groupId: unknownId("group") },
  });
  await verify("NOT-FOUND-GROUP", () => expectStatus(response, 404));
});

test(
  "a group that is not a member answers 404 and stays in place",
  tags("NOT-FOUND-NON-MEMBER"),
  async ({ api, provision, readBack, run, verify }) => {
    const groupId = await provision.nonMemberGroup("never a member");
    const response = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("NOT-FOUND-NON-MEMBER", async () => {
      expectStatus(response, 404);
      await readBack("NOT-FOUND-NON-MEMBER", "whether the group remains", async () => {
        expect(
          await provision.groupExists(groupId),
          "the group was deleted by a removal of a membership it did not have",
        ).toBe(true);
      });
    });
  },
);
