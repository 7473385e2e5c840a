/**
 * The state model: the operation meets memberships of different shapes and
 * histories — one, two or three roles, removed and added again, several
 * members side by side, two removals of one membership at once, requests of
 * the request model aimed at a membership with its neighbours watching — in
 * sequences of the sibling operations (add, update) and the operation under
 * test, as fast-check model-based commands. After each removal the run's
 * memberships are read back and compared with the model's; a sequence that
 * fails is shrunk to the shortest that still fails.
 */
import fc from "fast-check";
import type { Exchange } from "../client/exchange";
import { InfrastructureError } from "../core/errors";
import { curlCommand } from "../verdict/curl";
import type { Problem } from "./expectation";
import type { Explorer } from "./explorer";
import { changeBetween, type Memberships } from "./memberships";
import { parts, type RequestClass } from "./model";
import { className } from "./request-classes";
import { replaySeed, type ExploreSeed } from "./seed";

/** The model: the memberships of the sequence's groups, as they must be. */
interface Model {
  members: Memberships;
}

/** The real side: the sequence's groups, the roles it may give, and what went wrong. */
interface Real {
  groups: string[];
  roles: string[];
  problems: Problem[];
  steps: string[];
}

type Command = fc.AsyncCommand<Model, Real>;

const poolSize = 3;
/** Requests one sequence costs at most: its groups, and each command with its reading of the state. */
export const requestsPerSequence = poolSize + 8 * 4;

class Failed extends Error {}

function failIf(real: Real, problems: Problem[]): void {
  if (!problems.length) return;
  real.problems = problems;
  throw new Failed(problems.map((p) => `${p.requirement}: ${p.message}`).join("; "));
}

/** The sibling operation add: the group joins with `roleCount` roles. */
const add = (group: number, roleCount: number): Command => ({
  check: (m) => ![...m.members.keys()].includes(`#${group}`),
  async run(m, r) {
    const roles = r.roles.slice(0, roleCount);
    await explorerOf(r).world.addMember(r.groups[group]!, roles);
    m.members.set(`#${group}`, roles);
    r.steps.push(`add group #${group} with ${roleCount} role(s)`);
  },
  toString: () => `add(#${group}, ${roleCount} roles)`,
});

/** The sibling operation update: the member's roles become the first `roleCount`, or the last one. */
const update = (group: number, roleCount: number): Command => ({
  check: (m) => m.members.has(`#${group}`),
  async run(m, r) {
    const roles = roleCount ? r.roles.slice(0, roleCount) : r.roles.slice(-1);
    await explorerOf(r).world.updateMember(r.groups[group]!, roles);
    m.members.set(`#${group}`, roles);
    r.steps.push(`update group #${group} to ${roles.length} role(s)`);
  },
  toString: () => `update(#${group}, ${roleCount || "last"} role)`,
});

/** The operation under test, as documented, or as one class of the request model, aimed at the group. */
const remove = (group: number, hostile: RequestClass | undefined): Command => ({
  // Another wire form of the group's id names a membership only when there is one.
  check: (m) => hostile?.outcome.kind !== "alternate" || hostile.part !== "groupId" || m.members.has(`#${group}`),
  async run(m, r) {
    const explorer = explorerOf(r);
    const before = realOf(m, r);
    const id = r.groups[group]!;
    const context = {
      ...explorer.world.context,
      member: id,
      nonMember: id,
      bystander: r.groups[(group + 1) % poolSize]!,
    };
    const classes = hostile ? [hostile] : [];
    // A group that is no member (removed before, or never added) is named as such: 404, and nothing changes.
    if (!before.has(id.toLowerCase()) && hostile?.part !== "groupId") classes.push(noMember(explorer));
    const { result, after } = await explorer.judgeIn(context, { classes, variant: 0 }, before, r.groups);
    r.steps.push(`remove group #${group}${hostile ? ` (${className(hostile)})` : ""}: ${result.exchange.status}`);
    syncModel(m, r, after);
    failIf(r, result.problems);
  },
  toString: () => `remove(#${group}${hostile ? `, ${className(hostile)}` : ""})`,
});

/** Two removals of one membership at once: one 204 at least for a member, never a 5xx, and it ends. */
const removeTwice = (group: number): Command => ({
  check: () => true,
  async run(m, r) {
    const explorer = explorerOf(r);
    const before = realOf(m, r);
    const id = r.groups[group]!;
    const member = before.has(id.toLowerCase());
    const context = {
      ...explorer.world.context,
      member: id,
      nonMember: id,
      bystander: r.groups[(group + 1) % poolSize]!,
    };
    const classes = member ? [] : [noMember(explorer)];
    const answers = await Promise.all(
      [0, 1].map(() => explorer.judgeIn(context, { classes, variant: 0 }, before, r.groups)),
    );
    const statuses = answers.map((a) => a.result.exchange.status);
    r.steps.push(`remove group #${group} twice at once: ${statuses.join(", ")}`);
    const after = await explorer.read(r.groups);
    const change = changeBetween(before, after, id);
    const problems: Problem[] = [];
    const problem = (requirement: Problem["requirement"], message: string) => problems.push({ requirement, message });
    if (statuses.some((s) => s !== 204 && s !== 404))
      problem(member ? "REMOVE-204" : "NOT-FOUND-NON-MEMBER", `two removals at once answered ${statuses.join(", ")}`);
    else if (member && !statuses.includes(204))
      problem("REMOVE-204", `neither of two removals of a member at once answered 204 (${statuses.join(", ")})`);
    else if (!member && statuses.includes(204))
      problem("NOT-FOUND-NON-MEMBER", `a removal of a group that is no member answered 204 (${statuses.join(", ")})`);
    if (member && !change.namedEnded)
      problem("REMOVE-MEMBERSHIP-GONE", "after two removals at once the membership is still there");
    if (change.othersChanged.length)
      problem("REMOVE-OTHERS-KEPT", `two removals at once: ${change.othersChanged.join("; ")}`);
    syncModel(m, r, after);
    failIf(r, problems);
  },
  toString: () => `removeTwice(#${group})`,
});

function noMember(explorer: Explorer): RequestClass {
  return explorer.classesOf("groupId").find((c) => c.name === "a group that is no member")!;
}

const explorers = new WeakMap<Real, Explorer>();
const explorerOf = (r: Real) => explorers.get(r)!;

/** The model's memberships keyed by the real group ids. */
function realOf(m: Model, r: Real): Memberships {
  return new Map(
    [...m.members].map(([key, roles]) => [
      r.groups[Number(key.slice(1))]!.toLowerCase(),
      roles.map((x) => x.toLowerCase()).sort(),
    ]),
  );
}

/** The model follows what the target now holds, so that one fault is reported once. */
function syncModel(m: Model, r: Real, after: Memberships): void {
  m.members = new Map(
    r.groups.flatMap((id, i) => {
      const roles = after.get(id.toLowerCase());
      return roles ? [[`#${i}`, roles] as [string, string[]]] : [];
    }),
  );
}

/**
 * Each shape and history of a membership once, before the random sequences
 * and the same on every run: several roles, roles updated, removed and added
 * again, two removals at once.
 */
const historyExamples = (): [Command[]][] =>
  [
    [add(0, 2), remove(0, undefined)],
    [add(0, 1), update(0, 2), remove(0, undefined)],
    [add(0, 1), remove(0, undefined), add(0, 1), remove(0, undefined)],
    [add(0, 1), removeTwice(0)],
  ].map((commands) => [commands]);

function commandArbitrary(explorer: Explorer): fc.Arbitrary<Iterable<Command>> {
  const group = fc.nat({ max: poolSize - 1 });
  const hostile = parts.flatMap((part) => explorer.classesOf(part).slice(1));
  return fc.commands(
    [
      fc.tuple(group, fc.integer({ min: 1, max: 3 })).map(([g, n]) => add(g, n)),
      fc.tuple(group, fc.integer({ min: 0, max: 3 })).map(([g, n]) => update(g, n)),
      group.map((g) => remove(g, undefined)),
      fc.tuple(group, fc.constantFrom(...hostile)).map(([g, c]) => remove(g, c)),
      group.map((g) => removeTwice(g)),
    ],
    { maxCommands: 8 },
  );
}

/** `allowance`: the requests this phase may spend, within what the budget has left. */
export async function sequencesPhase(
  explorer: Explorer,
  seed: ExploreSeed,
  extraRoles: string[],
  allowance: number,
): Promise<number> {
  const path = seed.replay?.phase === "sequences" ? seed.replay.path : undefined;
  const stopAt = explorer.budget.used + allowance;
  const runs = Math.min(25, Math.floor(Math.min(allowance, explorer.budget.left) / requestsPerSequence));
  if (!explorer.world.readsState || (runs < 1 && !path)) return 0;
  let ran = 0;
  let infrastructure: unknown;
  let last: { steps: string[]; problems: Problem[]; exchanges: Exchange[] } | undefined;
  const property = fc.asyncProperty(commandArbitrary(explorer), async (commands) => {
    if (infrastructure || explorer.budget.left < requestsPerSequence || (!path && explorer.budget.used >= stopAt))
      return true;
    ran++;
    const real: Real = { groups: [], roles: [explorer.world.context.roleId, ...extraRoles], problems: [], steps: [] };
    explorers.set(real, explorer);
    const exchanges: Exchange[] = [];
    // The replay: the sequence's own requests, not the readings of the state.
    explorer.world.tap = (e) => {
      if (e.operationId !== "getItwinGroupMembers" && e.operationId !== "createItwinGroup") exchanges.push(e);
    };
    try {
      for (let i = 0; i < poolSize; i++) real.groups.push(await explorer.world.newGroup(`sequence group #${i}`));
      await explorer.world.alone(() => fc.asyncModelRun(() => ({ model: { members: new Map() }, real }), commands));
      return true;
    } catch (error) {
      if (error instanceof InfrastructureError) {
        infrastructure = error;
        return true;
      }
      if (!(error instanceof Failed)) throw error;
      last = { steps: real.steps, problems: real.problems, exchanges };
      return false;
    } finally {
      explorer.world.tap = undefined;
    }
  });
  // The examples run first, within numRuns; a replay's path counts them too.
  const outcome = await fc.check(property, {
    seed: seed.seed,
    numRuns: path ? 1 : runs,
    examples: historyExamples(),
    ...(path ? { path } : {}),
  });
  if (infrastructure) throw infrastructure;
  if (outcome.failed && last) {
    const replay = replaySeed(seed.seed, "sequences", outcome.counterexamplePath ?? "");
    const script = [
      "# the groups are the run's (created by it, deleted at its end); the same steps on groups of your own replay it",
      ...last.exchanges.map((e) => curlCommand(e, explorer.world.run.baseUrl) ?? ""),
    ].join("\n");
    for (const problem of last.problems)
      explorer.report("sequences", last.steps, problem, last.exchanges.at(-1), script, replay);
  }
  return ran;
}
