import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { ApiClient } from "../client/api-client";
import { jsonBody } from "../client/exchange";
import { settleConcurrently } from "../core/concurrently";
import { ProvisioningError } from "../core/errors";

/**
 * The groups a worker's tests created, deleted together rather than after
 * each test: a clean-up removes memberships, so it must run while no test
 * watches one. With a journal, every worker's groups are deleted once, when
 * the run ends (src/suite/run-resources.ts); without one, when the worker
 * ends. It only ever deletes what was recorded at creation, or found by the
 * exact name asked for.
 *
 * It also keeps the worker's spare members: groups a test guarded and found
 * still a member at its end. A later test that only guards members takes
 * one instead of making a new group, once it has found it still a member.
 */
export class GroupLedger {
  private readonly created: string[] = [];
  private readonly spares: string[] = [];
  /** Groups last found no member: deleted without a removal first. */
  private readonly notMembers = new Set<string>();

  /**
   * `journal`: a file every creation is also appended to, for a clean-up at
   * the run's end (fromJournal) instead of the worker's: one pause for the
   * whole run, when no test is left to watch a membership.
   */
  constructor(readonly journal?: string) {}

  /** The groups every worker recorded in `journal`; none when it was never written. */
  static fromJournal(journal: string): GroupLedger {
    const ledger = new GroupLedger();
    const lines = existsSync(journal) ? readFileSync(journal, "utf8").split("\n") : [];
    for (const line of lines) {
      const [kind, value] = [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)];
      if (kind === "created") ledger.created.push(value);
      if (kind === "unconfirmed") ledger.unconfirmed.push(value);
      if (kind === "not-member") ledger.notMembers.add(value);
    }
    return ledger;
  }
  /** Names of groups asked for whose answer never came: they may exist all the same. */
  private readonly unconfirmed: string[] = [];

  recordCreated(groupId: string): void {
    this.created.push(groupId);
    this.write("created", groupId);
  }

  recordUnconfirmed(name: string): void {
    this.unconfirmed.push(name);
    this.write("unconfirmed", name);
  }

  recordNotMember(groupId: string): void {
    this.notMembers.add(groupId);
    this.write("not-member", groupId);
  }

  // One short append per line: atomic between the run's workers.
  private write(kind: "created" | "unconfirmed" | "not-member", value: string): void {
    if (this.journal) appendFileSync(this.journal, `${kind} ${value.replace(/\n/g, " ")}\n`);
  }

  /** A group a test guarded and found still a member when it ended. */
  recordSpare(groupId: string): void {
    if (this.created.includes(groupId) && !this.spares.includes(groupId)) this.spares.push(groupId);
  }

  takeSpare(): string | undefined {
    return this.spares.shift();
  }

  get isEmpty(): boolean {
    return !this.created.length && !this.unconfirmed.length;
  }

  /**
   * Deletes every group recorded (deleteGroup), `concurrency` at a time. Tries
   * them all; a group whose deletion did not answer 204 or 404 is reported as
   * left behind.
   */
  async cleanUp(api: ApiClient, itwinId: string, concurrency: number): Promise<void> {
    const leftBehind: string[] = [];
    await this.findUnconfirmed(api, itwinId).catch((error: unknown) =>
      leftBehind.push(
        `groups whose creation got no answer (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
    this.spares.splice(0);
    const groups = this.created.splice(0);
    const results = await settleConcurrently(groups, concurrency, (groupId) =>
      deleteGroup(api, itwinId, groupId, { member: !this.notMembers.has(groupId) }),
    );
    results.forEach((result, index) => {
      const failure = result.status === "fulfilled" ? result.value : String(result.reason);
      if (failure) leftBehind.push(`group ${groups[index]} (${failure})`);
    });
    if (leftBehind.length) throw new ProvisioningError(`clean-up left objects behind: ${leftBehind.join("; ")}`);
  }

  /** A creation without an answer may have happened: its group is found by the exact name asked for. */
  private async findUnconfirmed(api: ApiClient, itwinId: string): Promise<void> {
    const names = new Set(this.unconfirmed.splice(0));
    if (!names.size) return;
    const exchange = await api.send("getItwinGroups", { params: { id: itwinId } });
    if (exchange.status !== 200) throw new ProvisioningError(`getItwinGroups answered ${exchange.status}`);
    const groups = (jsonBody(exchange) as { groups: { id: string; name: string }[] }).groups;
    for (const group of groups) if (names.has(group.name)) this.created.push(group.id);
  }
}

/**
 * Deletes a group the suite made, ending its membership first (unless it is
 * known to be none): a courtesy to targets that keep memberships of deleted
 * groups. That removal's answer is the operation under test's, judged by the
 * checks, not here. Returns why the group may be left behind, or undefined
 * once it is gone (204 or 404).
 */
export async function deleteGroup(
  api: ApiClient,
  itwinId: string,
  groupId: string,
  known: { member: boolean } = { member: true },
): Promise<string | undefined> {
  const params = { id: itwinId, groupId };
  if (known.member) {
    try {
      await api.send("removeItwinGroupMember", { params });
    } catch {
      // The deletion below decides whether anything is left behind.
    }
  }
  try {
    const deletion = await api.send("deleteItwinGroup", { params });
    return deletion.status === 204 || deletion.status === 404
      ? undefined
      : `deleteItwinGroup answered ${deletion.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
