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

/** Test data that makes no request: it only counts its clean-ups. */
function fakeData(): TestData & { cleanUps: number } {
  let next = 0;
  const data = {
    readsState: true,
    cleanUps: 0,
    memberGroup: async () => `group-${next++}`,
    guardedMember: async () => `group-${next++}`,
    nonMemberGroup: async () => `group-${next++}`,
    isMember: async () => true,
    memberRoles: async () => [],
    groupExists: async () => true,
    cleanUp: async () => void data.cleanUps++,
  };
  return data;
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

test("a test that asks for a group it may remove holds the lock alone until its clean-up is done", async ({ lock }) => {
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

test("a test that asked for no group cleans up without waiting for the lock", async ({ lock }) => {
  const inner = fakeData();
  const held = await acquireStateLock(lock.url, "exclusive");
  await new IsolatedTestData(inner, lock.url).cleanUp();
  expect(inner.cleanUps).toBe(1);
  held();
});

test("clean-up after a shared test waits until it can run alone", async ({ lock }) => {
  const inner = fakeData();
  const data = new IsolatedTestData(inner, lock.url);
  await data.guardedMember("guarded");
  const other = await acquireStateLock(lock.url, "shared");
  const cleaning = data.cleanUp();
  await new Promise((r) => setTimeout(r, 200));
  expect(inner.cleanUps).toBe(0);
  other();
  await cleaning;
  expect(inner.cleanUps).toBe(1);
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
