import { expect, test } from "@playwright/test";
import { requirements } from "../../generated/requirements";
import { responseChecks } from "../../src/checks/response-checks";
import { notObservedReason, observations } from "../../src/proxy/not-observed";
import { TrafficItwin } from "../../src/proxy/traffic-itwin";
import { trafficChecks } from "../../src/proxy/traffic-checks";

// Each requirement's "not observed" reason comes from one entry; it names traffic exactly for those a proxy check judges.

const judgedByProxy = new Set<string>([...responseChecks, ...trafficChecks].map((c) => c.requirement));

for (const { id } of requirements) {
  test(`${id}: the reason names traffic exactly when a proxy check judges it`, () => {
    const reason = notObservedReason(id);
    if (judgedByProxy.has(id)) expect(reason).toMatch(/^not observed: no .+ went through the proxy$/);
    else
      expect(reason).toMatch(/^not observed: a proxy cannot judge it from traffic; a run of the suite does, with .+/);
  });
}

test("there is an entry for every requirement of the catalog, and for nothing else", () => {
  expect(Object.keys(observations).sort()).toEqual(requirements.map((r) => r.id).sort());
});

test("a reason never names a check", () => {
  const names = [...responseChecks, ...trafficChecks].map((c) => c.name);
  for (const { id } of requirements) expect(names.filter((n) => notObservedReason(id).includes(n))).toEqual([]);
});

const a = "0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";
const b = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

test("the iTwin of the traffic is the one most requests named, whatever its casing; no GUID, no iTwin", () => {
  const itwin = new TrafficItwin();
  expect(itwin.mostNamed()).toBeNull();
  itwin.note("removeItwinGroupMember", `/api/itwins/not-a-guid/members/groups/${b}`, "/api");
  expect(itwin.mostNamed()).toBeNull();
  itwin.note("removeItwinGroupMember", `/api/itwins/${b}/members/groups/${a}`, "/api");
  itwin.note("removeItwinGroupMember", `/api/itwins/${a.toUpperCase()}/members/groups/${b}?x=1`, "/api");
  itwin.note("getItwinGroups", `/api/itwins/${a}/groups`, "/api");
  expect(itwin.mostNamed()).toBe(a);
});
