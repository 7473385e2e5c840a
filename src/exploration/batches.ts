/**
 * Cases sent at once, each batch under the state lock with one reading of the
 * state after it: a round trip for the batch where one case after another
 * would cost a round trip each (on a remote target, a latency each). When the
 * state is not what the answers account for, each case is sent again on its
 * own, so that a finding is always blamed on the case that caused it.
 */
import { errorCode } from "../client/exchange";
import { judge } from "./expectation";
import type { Case, CaseResult, Explorer } from "./explorer";
import { changeBetween, type Memberships } from "./memberships";
import type { ModelContext } from "./model";

/**
 * The most cases of one batch. A removal names a member group of its own,
 * each made once for the run (seven beside the world's member); a case that
 * must change nothing needs none, so its batches are larger, and the state is
 * read fewer times (on the embedded service, 24 took the exploration from
 * about 1.1 s to 0.9 s).
 */
export const batchSize = { quiet: 24, removals: 8 };

export interface PiledSending {
  /** Asked before each case is piled, and before the last batches go: false ends the sending there. */
  more: () => boolean;
  /** Each case's result, with its index in `cases`; true sends what is piled at once, and nothing after it. */
  result: (index: number, result: CaseResult) => boolean | void;
}

/**
 * Sends `cases` in batches: those that must change nothing and those that may
 * remove the membership they name each go on a pile of their own, sent when
 * full, and at the end. The batches depend on the cases' order alone, so
 * the same cases are always sent the same way. Returns how many were sent.
 */
export async function sendPiled(explorer: Explorer, cases: Case[], sending: PiledSending): Promise<number> {
  let sent = 0;
  let stopped = false;
  const piles = { quiet: [] as number[], removals: [] as number[] };
  const send = async (kind: keyof typeof piles) => {
    const indices = piles[kind].splice(0);
    if (!indices.length) return;
    sent += indices.length;
    const batch = indices.map((i) => cases[i]!);
    const results = await (kind === "quiet" ? sendQuiet : sendRemovals)(explorer, batch);
    results.forEach((result, i) => {
      if (sending.result(indices[i]!, result)) stopped = true;
    });
  };
  for (const [index, given] of cases.entries()) {
    if (stopped || !sending.more()) break;
    const kind = explorer.expectationOf(given).successAllowed ? "removals" : "quiet";
    if (piles[kind].push(index) === batchSize[kind]) await send(kind);
  }
  // After a stop, the other pile still goes: it may hold a case drawn before the one that stopped the sending.
  for (const kind of ["quiet", "removals"] as const) if (stopped || sending.more()) await send(kind);
  return sent;
}

/** Cases that must change nothing: nothing may have changed after them. */
export function sendQuiet(explorer: Explorer, batch: Case[]): Promise<CaseResult[]> {
  return sendBatch(explorer, batch, () => explorer.world.context, false);
}

/**
 * Cases that may remove the membership they name, each naming a member of
 * its own: after them, exactly the memberships of those answered with a
 * success have ended, and those join again (in one request).
 */
export async function sendRemovals(explorer: Explorer, batch: Case[]): Promise<CaseResult[]> {
  if (batch.length < 2 || !explorer.world.readsState) return oneByOne(explorer, batch);
  const members = [explorer.world.context.member, ...(await spareMembers(explorer, batch.length - 1))];
  return sendBatch(explorer, batch, (i) => ({ ...explorer.world.context, member: members[i]! }), true);
}

/**
 * One batch under the lock: sent at once, then the state read once. Every
 * change must be accounted for by the answers (with `mayRemove`, a success
 * ends the membership its case names; otherwise nothing may change), or the
 * cases are sent again one by one.
 */
async function sendBatch(
  explorer: Explorer,
  batch: Case[],
  contextOf: (index: number) => ModelContext,
  mayRemove: boolean,
): Promise<CaseResult[]> {
  if (batch.length < 2) return oneByOne(explorer, batch);
  const sent = await explorer.world.alone(async () => {
    await explorer.settle();
    const answers = await sendAtOnce(explorer, batch, contextOf);
    const after = await explorer.read();
    const named = (names: string | undefined) => !!names && explorer.baseline.has(names.toLowerCase());
    const removed = mayRemove ? answers.filter((a) => isSuccess(a.exchange.status) && named(a.draft.names)) : [];
    const removedIds = new Set(removed.map((a) => a.draft.names!.toLowerCase()));
    const accounted: Memberships = new Map([...explorer.baseline].filter(([id]) => !removedIds.has(id)));
    const change = changeBetween(accounted, after, undefined);
    if (change.othersChanged.length) {
      await explorer.restore(after, undefined, change.othersChanged);
      return undefined;
    }
    await explorer.rejoin([...removedIds]);
    return answers.map(({ draft, expected, exchange }) => ({
      problems: judge(expected, exchange.status, errorCode(exchange), {
        namedEnded: removedIds.has(draft.names?.toLowerCase() ?? ""),
        othersChanged: [],
      }),
      exchange,
    }));
  });
  return sent ?? oneByOne(explorer, batch);
}

/** Sends the batch at once; what the observer judges is recorded in the batch's order, whatever order the answers come in. */
async function sendAtOnce(explorer: Explorer, batch: Case[], contextOf: (index: number) => ModelContext) {
  const judged = batch.map(() => [] as (() => void)[]);
  const answers = await Promise.all(
    batch.map((given, i) => explorer.send(contextOf(i), given, (call) => judged[i]!.push(call))),
  );
  for (const call of judged.flat()) call();
  return answers;
}

async function oneByOne(explorer: Explorer, batch: Case[]): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const given of batch) results.push(await explorer.run(given));
  return results;
}

/** `count` member groups beside the world's member that are members now; made when there are too few. */
async function spareMembers(explorer: Explorer, count: number): Promise<string[]> {
  const { spares } = explorer;
  const current = spares.filter((id) => explorer.baseline.has(id.toLowerCase()));
  spares.splice(0, spares.length, ...current);
  if (spares.length < count) {
    const labels = Array.from({ length: count - spares.length }, (_, i) => `explored ${spares.length + i + 2}`);
    // Under the lock: a membership added while another test watches its own may be the one a broken removal ends.
    await explorer.world.alone(async () => {
      spares.push(...(await explorer.world.newMembers(labels)));
      explorer.baseline = await explorer.read();
    });
  }
  return spares.slice(0, count);
}

const isSuccess = (status: number) => status >= 200 && status < 300;
