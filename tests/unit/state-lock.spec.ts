import { expect, test as base } from "@playwright/test";
import { connect } from "node:net";
import { acquireStateLock, startStateLock, type LockMode, type StateLockServer } from "../../src/suite/state-lock";

const test = base.extend<{ lock: StateLockServer }>({
  lock: async ({}, use) => {
    const lock = await startStateLock();
    await use(lock);
    await lock.close();
  },
});

/** A claim whose grant is recorded in `log` under `name`. */
function claim(lock: StateLockServer, mode: LockMode, name: string, log: string[]): Promise<() => void> {
  return acquireStateLock(lock.url, mode).then((release) => {
    log.push(name);
    return release;
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

test("shared claims are held together", async ({ lock }) => {
  const log: string[] = [];
  const releases = await Promise.all([claim(lock, "shared", "a", log), claim(lock, "shared", "b", log)]);
  expect(log.sort()).toEqual(["a", "b"]);
  releases.forEach((release) => release());
});

test("an exclusive claim waits until every shared holder has given the lock back", async ({ lock }) => {
  const log: string[] = [];
  const first = await claim(lock, "shared", "shared 1", log);
  const second = await claim(lock, "shared", "shared 2", log);
  const alone = claim(lock, "exclusive", "exclusive", log);
  first();
  await settle();
  expect(log).toEqual(["shared 1", "shared 2"]);
  second();
  (await alone)();
  expect(log).toEqual(["shared 1", "shared 2", "exclusive"]);
});

test("a waiting exclusive claim goes before shared claims made after it", async ({ lock }) => {
  const log: string[] = [];
  const holder = await claim(lock, "shared", "holder", log);
  const alone = claim(lock, "exclusive", "exclusive", log);
  await settle();
  const later = claim(lock, "shared", "later", log);
  await settle();
  holder();
  (await alone)();
  (await later)();
  expect(log).toEqual(["holder", "exclusive", "later"]);
});

test("an exclusive holder keeps everyone else out until it gives the lock back", async ({ lock }) => {
  const log: string[] = [];
  const alone = await claim(lock, "exclusive", "exclusive", log);
  const shared = claim(lock, "shared", "shared", log);
  const other = claim(lock, "exclusive", "other exclusive", log);
  await settle();
  expect(log).toEqual(["exclusive"]);
  alone();
  (await shared)();
  (await other)();
  expect(log).toEqual(["exclusive", "shared", "other exclusive"]);
});

test("an unknown mode is refused", async ({ lock }) => {
  await expect(acquireStateLock(lock.url, "both" as LockMode)).rejects.toThrow(
    "the run's state lock refused the claim: mode: shared or exclusive",
  );
});

test("a lock that cannot be reached is an error, not a wait", async ({ lock }) => {
  await lock.close();
  await expect(acquireStateLock(lock.url, "shared")).rejects.toThrow(/the run's state lock cannot be reached/);
});

test("a holder whose connection closes (a worker that died) gives the lock back", async ({ lock }) => {
  const { hostname, port } = new URL(lock.url);
  const holder = connect(Number(port), hostname);
  holder.write("claim 1 exclusive\n");
  await new Promise((resolve) => holder.once("data", resolve));
  const log: string[] = [];
  const waiting = claim(lock, "shared", "after the holder", log);
  await settle();
  expect(log).toEqual([]);
  holder.destroy();
  (await waiting)();
  expect(log).toEqual(["after the holder"]);
});
