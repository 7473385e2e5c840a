import { expect, test as base } from "@playwright/test";
import type { TestData } from "../../src/provisioning/test-data";
import { IsolatedTestData } from "../../src/suite/isolated-test-data";
import { acquireStateLock, startStateLock, type StateLockServer } from "../../src/suite/state-lock";
import { RequestLog } from "../../src/suite/unexplained-change";

const test = base.extend<{ lock: StateLockServer }>({
  lock: async ({}, use) => {
    const lock = await startStateLock();
    await use(lock);
    await lock.close();
  },
});

/** Test data that makes no request: it logs what it does, and when the lock was taken. */
function fakeData(): TestData & { log: string[]; gone: Set<string> } {
  let next = 0;
  const log: string[] = [];
  const gone = new Set<string>();
  const create = (label: string) => {
    log.push(`created ${label}`);
    return `group-${next++}`;
  };
  return {
    readsState: true,
    log,
    gone,
    memberGroups: async (removable, guarded, beforeMembership) => {
      const ids = [...removable, ...guarded].map(create);
      await beforeMembership?.();
      log.push(`members ${[...removable, ...guarded].join(", ")}`);
      return ids;
    },
    nonMemberGroup: async (label, beforeUse) => {
      const id = create(label);
      await beforeUse?.();
      return id;
    },
    isMember: async (groupId) => !gone.has(groupId),
    memberRoles: async () => [],
    groupExists: async () => true,
    keptMember: (groupId) => void log.push(`kept ${groupId}`),
    notMember: (groupId) => void log.push(`not a member: ${groupId}`),
    cleanUp: async () => void log.push("ended"),
  };
}

/** Whether an exclusive claim is granted within 200 ms, i.e. nobody holds the lock. */
async function lockIsFree(lock: StateLockServer): Promise<boolean> {
  const claim = acquireStateLock(lock.url, "exclusive");
  const granted = await Promise.race([claim.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
  void claim.then((release) => release());
  return granted as boolean;
}

/** Whether a shared claim is granted within 200 ms, i.e. nobody holds the lock alone. */
async function lockIsShareable(lock: StateLockServer): Promise<boolean> {
  const claim = acquireStateLock(lock.url, "shared");
  const granted = await Promise.race([claim.then(() => true), new Promise((r) => setTimeout(() => r(false), 200))]);
  void claim.then((release) => release());
  return granted as boolean;
}

test("a test that asks for a group it may remove holds the lock alone until it ends", async ({ lock }) => {
  const data = new IsolatedTestData(fakeData(), lock.url);
  await data.memberGroup("removed");
  expect(await lockIsShareable(lock)).toBe(false);
  await data.cleanUp();
  expect(await lockIsFree(lock)).toBe(true);
});

test("a test that only guards members shares the lock", async ({ lock }) => {
  const data = new IsolatedTestData(fakeData(), lock.url);
  await data.guardedMember("guarded");
  await data.nonMemberGroup("never a member");
  expect(await lockIsShareable(lock)).toBe(true);
  expect(await lockIsFree(lock)).toBe(false);
  await data.cleanUp();
  expect(await lockIsFree(lock)).toBe(true);
});

test("groups are created while the lock is held by another test; they become members only once it is given back", async ({
  lock,
}) => {
  const inner = fakeData();
  const other = await acquireStateLock(lock.url, "exclusive");
  const asked = new IsolatedTestData(inner, lock.url).memberGroups(["removed"], ["bystander"]);
  await new Promise((r) => setTimeout(r, 200));
  expect(inner.log).toEqual(["created removed", "created bystander"]);
  other();
  await asked;
  expect(inner.log).toEqual(["created removed", "created bystander", "members removed, bystander"]);
});

test("the end of a shared test gives the lock back without waiting to run alone", async ({ lock }) => {
  const data = new IsolatedTestData(fakeData(), lock.url);
  await data.guardedMember("guarded");
  const other = await acquireStateLock(lock.url, "shared");
  await data.cleanUp();
  other();
  expect(await lockIsFree(lock)).toBe(true);
});

test("asking for a group it may remove after another group is refused", async ({ lock }) => {
  const data = new IsolatedTestData(fakeData(), lock.url);
  await data.guardedMember("guarded");
  await expect(data.memberGroup("removed")).rejects.toThrow(
    "a test asks for the groups it may remove before any other group",
  );
  await data.cleanUp();
});

test("without a lock, test data works as it is", async () => {
  const data = new IsolatedTestData(fakeData(), undefined);
  expect(await data.memberGroup("removed")).toBe("group-0");
  await data.cleanUp();
});

test("when a test ends, a guarded group found still a member is offered again, and a removed one is deleted without a removal", async () => {
  const inner = fakeData();
  const data = new IsolatedTestData(inner, undefined);
  const [removed, bystander] = await data.memberGroups(["removed"], ["bystander"]);
  inner.gone.add(removed);
  await data.isMember(removed);
  await data.isMember(bystander);
  await data.cleanUp();
  expect(inner.log.slice(-3)).toEqual(["ended", `not a member: ${removed}`, `kept ${bystander}`]);
});

test("a removable group found still a member is neither offered again nor marked as no member", async () => {
  const inner = fakeData();
  const data = new IsolatedTestData(inner, undefined);
  const [removed] = await data.memberGroups(["removed"]);
  await data.isMember(removed);
  await data.cleanUp();
  expect(inner.log.at(-1)).toBe("ended");
});

test("a guarded group whose last lookup found it gone is not offered again", async () => {
  const inner = fakeData();
  const data = new IsolatedTestData(inner, undefined);
  const [guarded] = await data.memberGroups([], ["guarded"]);
  await data.isMember(guarded);
  inner.gone.add(guarded);
  expect(await data.isMember(guarded)).toBe(false);
  await data.cleanUp();
  expect(inner.log.filter((line) => line.startsWith("kept"))).toEqual([]);
  expect(inner.log).toContain(`not a member: ${guarded}`);
});

test("a test that asked for no group ends without waiting for the lock", async ({ lock }) => {
  const inner = fakeData();
  const held = await acquireStateLock(lock.url, "exclusive");
  await new IsolatedTestData(inner, lock.url).cleanUp();
  expect(inner.log).toEqual(["ended"]);
  held();
});

const addressed: [string, { urls: string[]; groupId: string; want: boolean }][] = [
  ["the removal of that group", { urls: ["https://t/itwins/i/members/groups/AbC"], groupId: "abc", want: true }],
  ["another group only", { urls: ["https://t/itwins/i/members/groups/def"], groupId: "abc", want: false }],
  [
    "an escaped traversal that reaches it",
    { urls: ["https://t/itwins/i/members/groups/..%252Fgroups%252Fabc"], groupId: "abc", want: true },
  ],
  ["no request", { urls: [], groupId: "abc", want: false }],
];

for (const [title, { urls, groupId, want }] of addressed) {
  test(`request log: ${title} ${want ? "addresses" : "does not address"} the group`, () => {
    const log = new RequestLog();
    for (const url of urls) log.record({ url });
    expect(log.addressed(groupId)).toBe(want);
  });
}
