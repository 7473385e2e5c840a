/**
 * The state oracle's eyes: the memberships of the groups the run owns, read
 * from the member list (one request a page), and the change between two
 * readings. Only the run's own groups are looked at; ids compare in lower case.
 */
import { ProvisioningError } from "../core/errors";
import type { ApiClient } from "../client/api-client";
import { describeExchange, jsonBody } from "../client/exchange";
import type { StateChange } from "./expectation";

/** Group id (lower case) → the role ids it holds, sorted, lower case. */
export type Memberships = Map<string, string[]>;

const pageSize = 1000;

/** The memberships of the `owned` groups, as the member list shows them now. */
export async function readMemberships(api: ApiClient, itwinId: string, owned: Iterable<string>): Promise<Memberships> {
  const wanted = new Set([...owned].map((id) => id.toLowerCase()));
  const found: Memberships = new Map();
  for (let skip = 0; ; skip += pageSize) {
    const exchange = await api.send("getItwinGroupMembers", {
      params: { id: itwinId },
      query: `$top=${pageSize}&$skip=${skip}`,
    });
    if (exchange.status !== 200)
      throw new ProvisioningError(`getItwinGroupMembers answered ${exchange.status}: ${describeExchange(exchange)}`);
    const members = (jsonBody(exchange) as { members: { id: string; roles?: { id: string }[] }[] }).members;
    for (const member of members) {
      const id = member.id.toLowerCase();
      if (wanted.has(id)) found.set(id, (member.roles ?? []).map((r) => r.id.toLowerCase()).sort());
    }
    if (members.length < pageSize) return found;
  }
}

/** What changed from `before` to `after`: whether the `named` membership ended, and every other change. */
export function changeBetween(before: Memberships, after: Memberships, named: string | undefined): StateChange {
  const namedId = named?.toLowerCase();
  const othersChanged: string[] = [];
  for (const [id, roles] of before) {
    const now = after.get(id);
    if (id === namedId) continue;
    if (!now) othersChanged.push(`the membership of group ${id}, which it does not name, ended`);
    else if (now.join() !== roles.join())
      othersChanged.push(`the roles of group ${id} changed from [${roles.join(", ")}] to [${now.join(", ")}]`);
  }
  for (const id of after.keys())
    if (!before.has(id)) othersChanged.push(`group ${id}, no member before, became a member`);
  const namedBefore = namedId ? before.get(namedId) : undefined;
  const namedAfter = namedId ? after.get(namedId) : undefined;
  if (namedBefore && namedAfter && namedAfter.join() !== namedBefore.join())
    othersChanged.push(`the roles of the group it names changed to [${namedAfter.join(", ")}]`);
  return { namedEnded: !!namedBefore && !namedAfter, othersChanged };
}
