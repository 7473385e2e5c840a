import type { ApiClient } from "../client/api-client";
import { describeExchange, jsonBody } from "../client/exchange";
import { suiteNamePrefix } from "../settings/run-context";
import { deleteGroup } from "./group-ledger";

/**
 * A name the suite gave: its prefix, the run id (start time and six hex
 * digits) and a label. Anything else, even a name that merely starts with the
 * prefix, is not the suite's and is never touched.
 */
const suiteName = new RegExp(
  `^${suiteNamePrefix}-(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})-[0-9a-f]{6}(?: |$)`,
);

/** When the run that named an object started, or undefined when the suite did not name it. */
export function runStartOf(name: string): Date | undefined {
  const m = suiteName.exec(name);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Date.UTC rolls a 13th month or a 61st second over; the suite never writes one, so such a name is not its own.
  const exact =
    date.getUTCMonth() === mo! - 1 &&
    date.getUTCDate() === d! &&
    date.getUTCHours() === h! &&
    date.getUTCMinutes() === mi! &&
    date.getUTCSeconds() === s!;
  return exact ? date : undefined;
}

export interface Leftover {
  kind: "group" | "role";
  id: string;
  name: string;
  runStartedAt: Date;
}

export interface SweepResult {
  deleted: Leftover[];
  /** Suite objects of runs that started within the age limit: possibly a run still going. */
  kept: Leftover[];
  failed: { leftover: Leftover; reason: string }[];
}

/**
 * Finds the groups and roles earlier runs left in the iTwin (killed runs,
 * lost answers) and deletes those whose run started before `olderThan`.
 * Groups go first, each after ending its membership, then roles.
 */
export async function sweep(
  api: ApiClient,
  itwinId: string,
  options: { olderThan: Date; dryRun?: boolean },
): Promise<SweepResult> {
  const leftovers = [...(await list(api, itwinId, "group")), ...(await list(api, itwinId, "role"))];
  const result: SweepResult = { deleted: [], kept: [], failed: [] };
  for (const leftover of leftovers) {
    if (leftover.runStartedAt >= options.olderThan) {
      result.kept.push(leftover);
      continue;
    }
    if (options.dryRun) {
      result.deleted.push(leftover);
      continue;
    }
    const reason = await remove(api, itwinId, leftover);
    if (reason) result.failed.push({ leftover, reason });
    else result.deleted.push(leftover);
  }
  return result;
}

async function list(api: ApiClient, itwinId: string, kind: Leftover["kind"]): Promise<Leftover[]> {
  const operationId = kind === "group" ? "getItwinGroups" : "getItwinRoles";
  const exchange = await api.send(operationId, { params: { id: itwinId } });
  if (exchange.status !== 200)
    throw new SweepError(`${operationId} answered ${exchange.status}: ${describeExchange(exchange)}`);
  const body = jsonBody(exchange) as
    { groups?: { id: string; name: string }[]; roles?: { id: string; displayName: string }[] } | undefined;
  // A list that is not JSON, or was cut at the read cap, cannot tell which objects are the suite's.
  if (body === undefined)
    throw new SweepError(
      `${operationId} answered 200 with a body that cannot be read as JSON: ${describeExchange(exchange)}`,
    );
  const items =
    kind === "group"
      ? (body.groups ?? []).map((g) => ({ id: g.id, name: g.name }))
      : (body.roles ?? []).map((r) => ({ id: r.id, name: r.displayName }));
  return items.flatMap(({ id, name }) => {
    const runStartedAt = typeof name === "string" ? runStartOf(name) : undefined;
    return runStartedAt ? [{ kind, id, name, runStartedAt }] : [];
  });
}

/** Deletes one leftover; the reason it could not, or undefined. */
async function remove(api: ApiClient, itwinId: string, leftover: Leftover): Promise<string | undefined> {
  if (leftover.kind === "group") return deleteGroup(api, itwinId, leftover.id);
  try {
    const deletion = await api.send("deleteItwinRole", { params: { id: itwinId, roleId: leftover.id } });
    return deletion.status === 204 || deletion.status === 404
      ? undefined
      : `deleteItwinRole answered ${deletion.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export class SweepError extends Error {
  override name = "SweepError";
}

const units = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * The youngest age a sweep deletes without --force. A sweep deletes the objects of every run that started before
 * now minus the age, and a run still going needs its objects: one run against a remote target may last up to the
 * 45 minutes the CI recipes give it (a single check may wait about 6 minutes on request time-outs and Retry-After),
 * so an hour is the shortest age that cannot reach a run still going.
 */
export const minimumAge = { text: "1h", ms: units.h } as const;

/**
 * The milliseconds of an --older-than age ("90s", "30m", "6h", "2d", "0"), or the one message that refuses it: a bare
 * number other than 0 (its unit is anyone's guess), or an age under {@link minimumAge} without `force`.
 */
export function parseAge(text: string, { force = false } = {}): { ms: number } | { problem: string } {
  const m = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (!m) return { problem: `sweep: --older-than must be an age like 30m, 6h or 2d, got ${JSON.stringify(text)}` };
  const [, count, unit] = m as unknown as [string, string, keyof typeof units | ""];
  if (unit === "" && Number(count) !== 0)
    return {
      problem: `sweep: --older-than ${count} has no unit: write ${count}h for ${count} hours or ${count}m for ${count} minutes (units: s, m, h, d)`,
    };
  const ms = unit === "" ? 0 : Number(count) * units[unit];
  if (ms < minimumAge.ms && !force)
    return {
      problem:
        `sweep: --older-than ${text.trim()} is under ${minimumAge.text}, as long as a run against a remote target may last: ` +
        `it would delete the objects of runs still going; add --force if no run is going`,
    };
  return { ms };
}
