import { expect, test } from "@playwright/test";
import { idSource } from "../../src/reference-service/ids";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";

const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const take = (next: () => string, n = 50) => Array.from({ length: n }, next);

test("a seed gives the same ids, in the same order, on every start", () => {
  expect(take(idSource("ci-42"))).toEqual(take(idSource("ci-42")));
});

test("a seed's ids are pinned: a script that kept them still finds them after an upgrade", () => {
  expect(take(idSource("abc"), 2)).toEqual([
    "b4e7b955-b300-4d4b-9ee9-e4d15567f232",
    "42be4acd-ebc7-4c82-8962-34906cf71b16",
  ]);
});

test("other seeds, and no seed, give other ids", () => {
  const seeded = take(idSource("a"));
  expect(take(idSource("b")).filter((id) => seeded.includes(id))).toEqual([]);
  expect(take(idSource()).filter((id) => seeded.includes(id))).toEqual([]);
  expect(take(idSource())).not.toEqual(take(idSource()));
});

for (const [label, source] of [
  ["seeded", idSource("shape")],
  ["random", idSource()],
] as const) {
  test(`${label} ids are distinct lower-case version 4 GUIDs`, () => {
    const ids = take(source, 500);
    expect(ids.filter((id) => !v4.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
}

test.describe("a service's ids", () => {
  const started: ReferenceService[] = [];
  test.afterEach(async () => Promise.all(started.splice(0).map((s) => s.close())));
  const start = async (seed?: string) => {
    const service = await startReferenceService({
      newId: idSource(seed),
      seed: { memberGroups: 3, nonMemberGroups: 1 },
    });
    started.push(service);
    const itwin = service.store.itwins.get(service.seed.itwinId)!;
    const later = service.store.createGroup(itwin, "made later", "").id;
    const organizations = [...service.store.organizationAdmins.keys()];
    return { seed: service.seed, later, organizations };
  };

  test("with one seed, two starts seed the same ids and make the same ids after", async () => {
    const [first, second] = [await start("same"), await start("same")];
    expect(second).toEqual(first);
    expect(first.seed.memberGroupIds).toHaveLength(3);
    expect(first.seed.nonMemberGroupIds).toHaveLength(1);
  });

  test("without a seed, two starts share no id", async () => {
    const [first, second] = [await start(), await start()];
    const ids = (s: typeof first) => [
      s.seed.itwinId,
      s.seed.otherItwinId,
      ...s.seed.memberGroupIds,
      s.later,
      ...s.organizations,
    ];
    expect(ids(second).filter((id) => ids(first).includes(id))).toEqual([]);
  });

  test("by default one member group is seeded, and no other group", async () => {
    const service = await startReferenceService();
    started.push(service);
    const itwin = service.store.itwins.get(service.seed.itwinId)!;
    expect(service.seed.memberGroupIds).toEqual([service.seed.seededGroupId]);
    expect([...itwin.groups.keys()]).toEqual([service.seed.seededGroupId]);
  });
});
