import { expect, tags, test } from "../config/fixtures";
import { expectErrorCode, expectStatus } from "../config/responses";

// 404: "iTwin or group with specified ID was not found." Nothing is removed.

test("an unknown iTwin answers 404 ItwinNotFound and removes nothing", tags("NOT-FOUND-ITWIN"), async ({ api, provision, unknownId, verify }) => {
  // The group is a real member elsewhere: a target that ignored the iTwin id would remove it.
  const groupId = await provision.guardedMember("member elsewhere");
  const response = await api.send("removeItwinGroupMember", { params: { id: unknownId("itwin"), groupId } });
  await verify("NOT-FOUND-ITWIN", async () => {
    expectStatus(response, 404);
    expectErrorCode(response, "ItwinNotFound");
    if (provision.readsState) expect(await provision.isMember(groupId), "a removal addressed to another iTwin ended this membership").toBe(true);
  });
});

test("an unknown group answers 404", tags("NOT-FOUND-GROUP"), async ({ api, run, unknownId, verify }) => {
  const response = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId: unknownId("group") } });
  await verify("NOT-FOUND-GROUP", () => expectStatus(response, 404));
});

test("a group that is not a member answers 404 and stays in place", tags("NOT-FOUND-NON-MEMBER"), async ({ api, provision, run, verify }) => {
  const groupId = await provision.nonMemberGroup("never a member");
  const response = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
  await verify("NOT-FOUND-NON-MEMBER", async () => {
    expectStatus(response, 404);
    if (provision.readsState) expect(await provision.groupExists(groupId), "the group was deleted by a removal of a membership it did not have").toBe(true);
  });
});

// Not a GUID: no resource can have such an id. Any client error will do
// (the documentation names none for it), a server error or a removal will not.
const malformedIds: [string, string][] = [
  ["a word", "not-a-guid"],
  ["a GUID with a character too many", "4caed38b-9823-453f-8290-e9dd2b5911740"],
  ["a GUID with a non-hex digit", "4caed38b-9823-453f-8290-e9dd2b59117g"],
];

for (const [title, malformed] of malformedIds) {
  test(`${title} as the group id is a client error`, tags("MALFORMED-ID"), async ({ api, run, verify }) => {
    const response = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId: malformed } });
    await verify("MALFORMED-ID", () => {
      expect(response.status, `${title} as the group id answered ${response.status}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${title} as the group id answered ${response.status}`).toBeLessThan(500);
    });
  });

  test(`${title} as the iTwin id is a client error and removes nothing`, tags("MALFORMED-ID"), async ({ api, provision, verify }) => {
    const groupId = await provision.guardedMember("member elsewhere");
    const response = await api.send("removeItwinGroupMember", { params: { id: malformed, groupId } });
    await verify("MALFORMED-ID", async () => {
      expect(response.status, `${title} as the iTwin id answered ${response.status}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${title} as the iTwin id answered ${response.status}`).toBeLessThan(500);
      if (provision.readsState) expect(await provision.isMember(groupId), "a removal addressed to a malformed iTwin id ended this membership").toBe(true);
    });
  });
}
