import { ProvisioningError } from "../core/errors";
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../client/api-client";
import { describeExchange, jsonBody, type Exchange } from "../client/exchange";
import type { OperationId } from "../../generated/operations";
import { missingRoute, quoteAnswer } from "../client/foreign-answer";
import type { GroupLedger } from "./group-ledger";
import type { TestData } from "./test-data";

const description = "Created by the conformance suite; removed at the end of its run.";

/**
 * Creates the suite's own data through the sibling operations. Every group
 * it creates is recorded in the worker's ledger (src/provisioning/group-ledger.ts),
 * which deletes them when the worker ends; roles are the run's.
 */
export class Provisioner implements TestData {
  readonly readsState = true;
  /** Creations under way; the end of a test waits for them, or the ledger would miss what they create. */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly api: ApiClient,
    private readonly itwinId: string,
    /** Run-scoped: every name starts with it. */
    private readonly namePrefix: string,
    private readonly ledger: GroupLedger,
    /** The role the member groups it creates hold. */
    private readonly roleId?: string,
  ) {}

  private async expect(
    operationId: OperationId,
    params: Record<string, string>,
    status: number,
    body?: unknown,
  ): Promise<Exchange> {
    const exchange = await this.api.send(operationId, { params: { id: this.itwinId, ...params }, body });
    if (exchange.status !== status) {
      const missing = missingRoute(exchange);
      throw new ProvisioningError(
        `provisioning failed: ${operationId} answered ${exchange.status}, expected ${status}: ${describeExchange(exchange)}`,
        exchange.status,
        missing && quoteAnswer(exchange, this.api.options.baseUrl, missing),
      );
    }
    return exchange;
  }

  async createRole(label: string): Promise<string> {
    const displayName = `${this.namePrefix} ${label}`;
    const exchange = await this.expect("createItwinRole", {}, 201, { displayName, description });
    const role = (jsonBody(exchange) as { role: { id: string; displayName: string } }).role;
    // Only an object that carries the name the suite gave it is the suite's to delete later.
    if (role.displayName !== displayName)
      throw new ProvisioningError(
        `createItwinRole answered with a role named ${JSON.stringify(role.displayName)}, not the one asked for: the suite will not delete it`,
      );
    return role.id;
  }

  async deleteRole(roleId: string): Promise<void> {
    const exchange = await this.api.send("deleteItwinRole", { params: { id: this.itwinId, roleId } });
    if (exchange.status !== 204 && exchange.status !== 404) {
      throw new ProvisioningError(
        `clean-up failed: deleteItwinRole answered ${exchange.status}: ${describeExchange(exchange)}`,
      );
    }
  }

  /**
   * Member groups holding the provisioner's role: the groups are created at
   * once, while `beforeMembership` runs (the test waiting for the state lock),
   * then made members in one request, in the order given: the last is the
   * newest membership. A test that only guards members takes the worker's
   * spares where it can, each found still a member once the lock is held.
   */
  async memberGroups(
    removable: string[],
    guarded: string[],
    beforeMembership?: () => Promise<void>,
  ): Promise<string[]> {
    const roleId = this.roleId;
    if (!roleId) throw new Error("a provisioner without a role cannot make member groups");
    return this.tracked(async () => {
      // A test that removes gets only new groups: the newest memberships are its own, as its checks expect.
      const spares = removable.length ? [] : guarded.map(() => this.ledger.takeSpare());
      const labels = [...removable, ...guarded];
      const [created] = await allOrFirstFailure([
        allOrFirstFailure(labels.map((label, i) => (spares[i] ? undefined : this.createGroup(label)))),
        beforeMembership?.(),
      ]);
      const found = await allOrFirstFailure(spares.map((spare) => (spare ? this.isMember(spare) : false)));
      // A spare that is no longer a member is left for the ledger to delete; a new group takes its place.
      const groupIds = await allOrFirstFailure(
        labels.map((label, i) => (spares[i] && found[i] ? spares[i] : (created[i] ?? this.createGroup(label)))),
      );
      const joining = groupIds.filter((_, i) => !(spares[i] && found[i]));
      if (joining.length)
        await this.expect("addItwinGroupMembers", {}, 201, {
          members: joining.map((groupId) => ({ groupId, roleIds: [roleId] })),
        });
      return groupIds;
    });
  }

  /** A group this test guarded and found still a member at its end: a later test may guard it. */
  keptMember(groupId: string): void {
    this.ledger.recordSpare(groupId);
  }

  /** A group this test last found no member: its deletion needs no removal first. */
  notMember(groupId: string): void {
    this.ledger.recordNotMember(groupId);
  }

  async nonMemberGroup(label: string, beforeUse?: () => Promise<void>): Promise<string> {
    return this.tracked(async () => (await allOrFirstFailure([this.createGroup(label), beforeUse?.()]))[0]);
  }

  /**
   * Runs a creation that the end of the test must wait for. A test
   * interrupted by Ctrl-C may still be creating when it ends: once it has,
   * nothing new is created.
   */
  private async tracked<T>(create: () => Promise<T>): Promise<T> {
    if (this.closed) throw new ProvisioningError("the run is ending: nothing more is created");
    const creation = create();
    this.pending.add(creation);
    try {
      return await creation;
    } finally {
      this.pending.delete(creation);
    }
  }

  private async createGroup(label: string): Promise<string> {
    const name = `${this.namePrefix} ${label} ${randomUUID().slice(0, 8)}`;
    let group: { id?: unknown; name?: unknown } | undefined;
    let exchange: Exchange | undefined;
    try {
      exchange = await this.api.send("createItwinGroup", { params: { id: this.itwinId }, body: { name, description } });
      group = (jsonBody(exchange) as { group?: { id?: unknown; name?: unknown } } | undefined)?.group;
    } finally {
      // No answer, a server error or an answer without the group: it may exist all the same, and is looked up by name at clean-up.
      if (!exchange || exchange.status >= 500 || (exchange.status === 201 && typeof group?.id !== "string"))
        this.ledger.recordUnconfirmed(name);
    }
    if (exchange.status !== 201)
      throw new ProvisioningError(
        `provisioning failed: createItwinGroup answered ${exchange.status}, expected 201: ${describeExchange(exchange)}`,
      );
    if (typeof group?.id !== "string")
      throw new ProvisioningError(
        `provisioning failed: createItwinGroup answered 201 without a group id: ${describeExchange(exchange)}`,
      );
    if (group.name !== name)
      throw new ProvisioningError(
        `createItwinGroup answered with a group named ${JSON.stringify(group.name)}, not the one asked for: the suite will not delete it`,
      );
    this.ledger.recordCreated(group.id);
    return group.id;
  }

  async isMember(groupId: string): Promise<boolean> {
    return this.exists("getItwinGroupMember", groupId);
  }

  /** The role ids a member group holds, sorted; undefined when it is not a member. */
  async memberRoles(groupId: string): Promise<string[] | undefined> {
    const exchange = await this.api.send("getItwinGroupMember", { params: { id: this.itwinId, groupId } });
    if (exchange.status === 404) return undefined;
    if (exchange.status !== 200)
      throw new ProvisioningError(`getItwinGroupMember answered ${exchange.status}: ${describeExchange(exchange)}`);
    return (jsonBody(exchange) as { member: { roles: { id: string }[] } }).member.roles
      .map((r) => r.id.toLowerCase())
      .sort();
  }

  async groupExists(groupId: string): Promise<boolean> {
    return this.exists("getItwinGroup", groupId);
  }

  private async exists(operationId: "getItwinGroupMember" | "getItwinGroup", groupId: string): Promise<boolean> {
    const exchange = await this.api.send(operationId, { params: { id: this.itwinId, groupId } });
    if (exchange.status === 200) return true;
    if (exchange.status === 404) return false;
    throw new ProvisioningError(`${operationId} answered ${exchange.status}: ${describeExchange(exchange)}`);
  }

  /** The test is over: waits for its creations, so that the ledger has them all; nothing more is created. */
  async cleanUp(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.pending);
  }
}

/**
 * Like Promise.all, but waits for every promise to settle before it throws:
 * a lock granted or a group created after a sibling failed must still be
 * known when the test ends, to be given back or deleted.
 */
async function allOrFirstFailure<T extends readonly unknown[]>(
  promises: [...{ [K in keyof T]: Promise<T[K]> | T[K] }],
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failure) throw failure.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
