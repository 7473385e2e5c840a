import { expect, test } from "@playwright/test";
import type { ApiClient } from "../../src/client/api-client";
import { GroupLedger } from "../../src/provisioning/group-ledger";
import { Provisioner } from "../../src/provisioning/provisioner";

// How the provisioner spends requests: spares before new groups, several memberships in one request.

/** An API that creates groups new-1, new-2, …, says which groups are members, and logs what was sent. */
function fakeApi(members: Set<string>): { api: ApiClient; sent: string[] } {
  const sent: string[] = [];
  let next = 0;
  const api = {
    send: async (operationId: string, options: { params: Record<string, string>; body?: unknown }) => {
      const body = options.body as { name?: string; members?: { groupId: string }[] } | undefined;
      switch (operationId) {
        case "createItwinGroup": {
          const id = `new-${++next}`;
          sent.push(`create ${id}`);
          return { status: 201, headers: {}, text: JSON.stringify({ group: { id, name: body!.name } }) };
        }
        case "addItwinGroupMembers":
          sent.push(`add ${body!.members!.map((m) => m.groupId).join(", ")}`);
          body!.members!.forEach((m) => members.add(m.groupId));
          return { status: 201, headers: {}, text: "{}" };
        case "getItwinGroupMember":
          sent.push(`lookup ${options.params.groupId}`);
          return { status: members.has(options.params.groupId!) ? 200 : 404, headers: {}, text: "{}" };
        default:
          throw new Error(`unexpected ${operationId}`);
      }
    },
  } as unknown as ApiClient;
  return { api, sent };
}

function provisionerWithSpare(spare: string, members: Set<string>) {
  const ledger = new GroupLedger();
  ledger.recordCreated(spare);
  ledger.recordSpare(spare);
  const { api, sent } = fakeApi(members);
  return { provisioner: new Provisioner(api, "i", "prefix", ledger, "role"), sent };
}

test("a test that only guards takes the worker's spare once a lookup finds it still a member", async () => {
  const { provisioner, sent } = provisionerWithSpare("spare", new Set(["spare"]));
  expect(await provisioner.memberGroups([], ["guarded"])).toEqual(["spare"]);
  expect(sent).toEqual(["lookup spare"]);
});

test("a spare that is no longer a member is replaced by a new group", async () => {
  const { provisioner, sent } = provisionerWithSpare("spare", new Set());
  expect(await provisioner.memberGroups([], ["guarded"])).toEqual(["new-1"]);
  expect(sent).toEqual(["lookup spare", "create new-1", "add new-1"]);
});

test("a test that removes gets new groups only, made members in one request, the guarded one last", async () => {
  const { provisioner, sent } = provisionerWithSpare("spare", new Set(["spare"]));
  expect(await provisioner.memberGroups(["removed"], ["bystander"])).toEqual(["new-1", "new-2"]);
  expect(sent).toEqual(["create new-1", "create new-2", "add new-1, new-2"]);
});

test("the groups are created while the test waits for the state lock, and become members after it", async () => {
  const { provisioner, sent } = provisionerWithSpare("spare", new Set());
  let release!: () => void;
  const lock = new Promise<void>((resolve) => (release = resolve));
  const asked = provisioner.memberGroups(["removed"], [], () => lock);
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(sent).toEqual(["create new-1"]);
  release();
  await asked;
  expect(sent).toEqual(["create new-1", "add new-1"]);
});
