import { expect, test } from "@playwright/test";
import { coveragePlan } from "../../src/exploration/coverage";
import { expectationOf, judge } from "../../src/exploration/expectation";
import { changeBetween } from "../../src/exploration/memberships";
import { parts, validDraft, type ModelContext, type RequestClass } from "../../src/exploration/model";
import { classesOf, requestClasses } from "../../src/exploration/request-classes";
import { exploreSeedSetting, parseExploreSeed, resolveExploreSeed } from "../../src/exploration/seed";

const byName = (part: (typeof parts)[number], name: string): RequestClass => {
  const found = classesOf(part).find((c) => c.name === name);
  if (!found) throw new Error(`no class ${part}: ${name}`);
  return found;
};
const none = { namedEnded: false, othersChanged: [] };
const ended = { namedEnded: true, othersChanged: [] };

test.describe("the request model", () => {
  test("every part has classes, the documented value first, each name once", () => {
    for (const part of parts) {
      const classes = classesOf(part);
      expect(classes.length, part).toBeGreaterThan(1);
      expect(classes[0]!.outcome.kind, part).toBe("valid");
      expect(
        classes.slice(1).every((c) => c.outcome.kind !== "valid"),
        part,
      ).toBe(true);
      expect(new Set(classes.map((c) => c.name)).size, part).toBe(classes.length);
    }
  });

  test("no class addresses an id that is not the run's own or one that names nothing", () => {
    const unknown: string[] = [];
    const context: ModelContext = {
      itwinId: "11111111-1111-4111-8111-111111111111",
      otherItwinId: "22222222-2222-4222-8222-222222222222",
      member: "33333333-3333-4333-8333-333333333333",
      bystander: "44444444-4444-4444-8444-444444444444",
      nonMember: "55555555-5555-4555-8555-555555555555",
      roleId: "66666666-6666-4666-8666-666666666666",
      token: "header.payload.signature",
      forged: { unknownKey: "a.b.c", unsigned: "a.b." },
      unknownId: () => {
        const id = `77777777-7777-4777-8777-${String(unknown.length).padStart(12, "0")}`;
        unknown.push(id);
        return id;
      },
    };
    const allowed = () =>
      new Set([
        context.itwinId,
        context.otherItwinId!,
        context.member,
        context.bystander,
        context.nonMember,
        context.roleId,
        ...unknown,
      ]);
    for (const c of requestClasses) {
      for (const variant of [0, 1, 7]) {
        const draft = validDraft(context);
        c.apply(draft, context, variant);
        const text = decodeURIComponent(JSON.stringify(draft).replace(/%(?![0-9A-F]{2})/gi, "%25")).toLowerCase();
        const guids = text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [];
        const known = allowed();
        for (const guid of guids) {
          const plain = guid.replace(/-/g, "");
          // The nil GUID (a run of zeros) names nothing.
          if (/^0+$/.test(plain)) continue;
          expect(
            [...known].some((id) => id.replace(/-/g, "") === plain),
            `${c.part}: ${c.name} sends ${guid}`,
          ).toBe(true);
        }
      }
    }
  });
});

test.describe("the expectation of a request", () => {
  test("the documented request must succeed and end exactly the membership it names", () => {
    const expected = expectationOf([]);
    expect(judge(expected, 204, undefined, ended)).toEqual([]);
    expect(judge(expected, 404, undefined, none).map((p) => p.requirement)).toEqual(["REMOVE-204"]);
    expect(judge(expected, 204, undefined, none).map((p) => p.requirement)).toEqual(["REMOVE-MEMBERSHIP-GONE"]);
    const other = { namedEnded: true, othersChanged: ["the membership of group x ended"] };
    expect(judge(expected, 204, undefined, other).map((p) => p.requirement)).toEqual(["REMOVE-OTHERS-KEPT"]);
  });

  test("a garbage credential must be a 401 that changes nothing, under AUTH-INVALID-TOKEN", () => {
    const expected = expectationOf([byName("authorization", "garbage")]);
    expect(judge(expected, 401, "InvalidToken", none)).toEqual([]);
    expect(judge(expected, 204, undefined, ended).map((p) => p.requirement)).toEqual(["AUTH-INVALID-TOKEN"]);
    expect(judge(expected, 403, undefined, none).map((p) => p.requirement)).toEqual(["AUTH-INVALID-TOKEN"]);
    expect(judge(expected, 401, undefined, ended).map((p) => p.requirement)).toEqual(["AUTH-INVALID-TOKEN"]);
  });

  test("a missing credential must carry HeaderNotFound", () => {
    const expected = expectationOf([byName("authorization", "none")]);
    expect(judge(expected, 401, "HeaderNotFound", none)).toEqual([]);
    expect(judge(expected, 401, "InvalidToken", none).map((p) => p.requirement)).toEqual(["AUTH-MISSING-HEADER"]);
  });

  test("the scheme in lower case is the same credential (AUTH-SCHEME-SYNTAX)", () => {
    const expected = expectationOf([byName("authorization", "the scheme in lower case (bearer)")]);
    expect(judge(expected, 204, undefined, ended)).toEqual([]);
    expect(judge(expected, 401, undefined, none).map((p) => p.requirement)).toEqual(["AUTH-SCHEME-SYNTAX"]);
  });

  test("authentication comes before existence: a bad credential and an unknown iTwin is a 401", () => {
    const expected = expectationOf([byName("authorization", "garbage"), byName("itwinId", "an unknown iTwin")]);
    expect(judge(expected, 401, undefined, none)).toEqual([]);
    expect(judge(expected, 404, undefined, none).map((p) => p.requirement)).toEqual(["AUTH-BEFORE-EXISTENCE"]);
  });

  test("a request outside the documented ones may succeed or get any 4xx, never a 5xx, and a 4xx changes nothing", () => {
    const expected = expectationOf([byName("body", "the bystander named as groupId")]);
    expect(expected.undocumentedAllowed).toBe(true);
    expect(judge(expected, 204, undefined, ended)).toEqual([]);
    expect(judge(expected, 400, undefined, none)).toEqual([]);
    expect(judge(expected, 415, undefined, none)).toEqual([]);
    expect(judge(expected, 500, undefined, none).map((p) => p.requirement)).toEqual(["REMOVE-204"]);
    expect(judge(expected, 400, undefined, ended).map((p) => p.requirement)).toEqual(["NO-CHANGE-ON-ERROR"]);
  });

  test("a malformed id is a client error that removes nothing, never a 5xx", () => {
    const expected = expectationOf([byName("groupId", "the member and the bystander, comma-separated")]);
    expect(judge(expected, 400, undefined, none)).toEqual([]);
    expect(judge(expected, 404, undefined, none)).toEqual([]);
    expect(judge(expected, 500, undefined, none).map((p) => p.requirement)).toEqual(["MALFORMED-ID"]);
    const removed = { namedEnded: false, othersChanged: ["the membership of group b ended"] };
    expect(judge(expected, 404, undefined, removed).map((p) => p.requirement)).toEqual(["MALFORMED-ID"]);
  });

  test("an upper-case GUID may be found or not, and a 204 ends exactly the membership it names", () => {
    const expected = expectationOf([byName("groupId", "upper case")]);
    expect(judge(expected, 204, undefined, ended)).toEqual([]);
    expect(judge(expected, 404, undefined, none)).toEqual([]);
    expect(judge(expected, 500, undefined, none).map((p) => p.requirement)).toEqual(["GUID-CASING"]);
  });

  test("another method changes nothing, whatever it answers", () => {
    const expected = expectationOf([byName("method", "HEAD")]);
    expect(judge(expected, 200, undefined, none)).toEqual([]);
    expect(judge(expected, 405, undefined, none)).toEqual([]);
    expect(judge(expected, 200, undefined, ended).map((p) => p.requirement)).toEqual(["NO-CHANGE-ON-ERROR"]);
  });
});

test.describe("the state oracle", () => {
  test("tells the membership named from every other change", () => {
    const before = new Map([
      ["a", ["r1"]],
      ["b", ["r1", "r2"]],
    ]);
    expect(changeBetween(before, new Map([["b", ["r1", "r2"]]]), "A")).toEqual(ended);
    const change = changeBetween(
      before,
      new Map([
        ["a", ["r1"]],
        ["b", ["r2"]],
        ["c", ["r1"]],
      ]),
      "a",
    );
    expect(change.namedEnded).toBe(false);
    expect(change.othersChanged).toHaveLength(2);
  });
});

test.describe("the coverage phase", () => {
  test("is the same on every run, sends every class once, then meets every pair of outcomes of two parts", () => {
    const plan = coveragePlan(classesOf);
    expect(coveragePlan(classesOf)).toEqual(plan);
    expect(plan.single.map((c) => c.classes[0])).toEqual(parts.flatMap((p) => classesOf(p).slice(1)));
    const kind = (c: RequestClass) => (c.outcome.kind === "refused" ? `refused ${c.outcome.status}` : c.outcome.kind);
    const met = new Set(
      plan.pairwise.flatMap((c) =>
        c.classes.flatMap((a) =>
          c.classes.filter((b) => b.part > a.part).map((b) => `${a.part}.${kind(a)}|${b.part}.${kind(b)}`),
        ),
      ),
    );
    for (const p of parts)
      for (const q of parts) {
        if (q <= p) continue;
        const kinds = (part: typeof p) => new Set(classesOf(part).slice(1).map(kind));
        for (const a of kinds(p))
          for (const b of kinds(q)) expect(met.has(`${p}.${a}|${q}.${b}`), `${p}.${a} with ${q}.${b}`).toBe(true);
      }
  });
});

test.describe("the seed", () => {
  test("is a number, random, or a finding's replay", () => {
    const problems: string[] = [];
    const parse = (value: string) => exploreSeedSetting(value, "CONFORMANCE_EXPLORE_SEED", (p) => problems.push(p));
    expect(parse("42")).toBe("42");
    expect(parse("random")).toBe("random");
    expect(parse("42:generation:3:1:0")).toBe("42:generation:3:1:0");
    expect(problems).toEqual([]);
    expect(parse("x")).toBeUndefined();
    expect(parse("42:coverage:1")).toBeUndefined();
    expect(problems).toHaveLength(2);
    expect(parseExploreSeed("7:sequences:2:0")).toEqual({ seed: 7, replay: { phase: "sequences", path: "2:0" } });
    expect(resolveExploreSeed("random")).toMatch(/^\d+$/);
    expect(resolveExploreSeed("9")).toBe("9");
  });
});
