import { randomUUID } from "node:crypto";
import type { ApiClient } from "../client/api-client";
import { describeExchange, jsonBody, type Exchange } from "../client/exchange";
import type { OperationId } from "../../generated/operations";
import type { TestData } from "./test-data";

const description = "Created by the conformance suite; removed at the end of its run.";

export class ProvisioningError extends Error {
  override name = "ProvisioningError";
}

/**
 * Creates the suite's own data through the sibling operations and removes
 * it again. It only ever deletes what it created itself: ids are recorded at
 * creation and nothing else is passed to a delete.
 */
export class Provisioner implements TestData {
  readonly readsState = true;
  private readonly createdGroups: string[] = [];
  /** Names of groups asked for whose answer never came: they may exist all the same. */
  private readonly unconfirmedGroups: string[] = [];
  /** Creations under way; clean-up waits for them, or it would miss what they create. */
  private readonly pending = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly api: ApiClient,
    private readonly itwinId: string,
    /** Run-scoped: every name starts with it. */
    private readonly namePrefix: string,
    /** The role the member groups it creates hold. */
    private readonly roleId?: string,
  ) {}

  private async expect(operationId: OperationId, params: Record<string, string>, status: number, body?: unknown): Promise<Exchange> {
    const exchange = await this.api.send(operationId, { params: { id: this.itwinId, ...params }, body });
    if (exchange.status !== status) {
      throw new ProvisioningError(`provisioning failed: ${operationId} answered ${exchange.status}, expected ${status}: ${describeExchange(exchange)}`);
    }
    return exchange;
  }

  async createRole(label: string): Promise<string> {
    const displayName = `${this.namePrefix} ${label}`;
    const exchange = await this.expect("createItwinRole", {}, 201, { displayName, description });
    const role = (jsonBody(exchange) as { role: { id: string; displayName: string } }).role;
    // Only an object that carries the name the suite gave it is the suite's to delete later.
    if (role.displayName !== displayName) throw new ProvisioningError(`createItwinRole answered with a role named ${JSON.stringify(role.displayName)}, not the one asked for: the suite will not delete it`);
    return role.id;
  }

  async deleteRole(roleId: string): Promise<void> {
    const exchange = await this.api.send("deleteItwinRole", { params: { id: this.itwinId, roleId } });
    if (exchange.status !== 204 && exchange.status !== 404) {
      throw new ProvisioningError(`clean-up failed: deleteItwinRole answered ${exchange.status}: ${describeExchange(exchange)}`);
    }
  }

  /** A group of the iTwin that is not a member of it. */
  async group(label: string): Promise<string> {
    // A test interrupted by Ctrl-C may still be creating while its clean-up runs: nothing new once that began.
    if (this.closed) throw new ProvisioningError("the run is ending: no more groups are created");
    const creation = this.createGroup(label);
    this.pending.add(creation);
    try {
      return await creation;
    } finally {
      this.pending.delete(creation);
    }
  }

  private async createGroup(label: string): Promise<string> {
    const name = `${this.namePrefix} ${label} ${randomUUID().slice(0, 8)}`;
    let exchange: Exchange;
    try {
      exchange = await this.expect("createItwinGroup", {}, 201, { name, description });
    } catch (error) {
      if (!(error instanceof ProvisioningError)) this.unconfirmedGroups.push(name);
      throw error;
    }
    const group = (jsonBody(exchange) as { group: { id: string; name: string } }).group;
    if (group.name !== name) throw new ProvisioningError(`createItwinGroup answered with a group named ${JSON.stringify(group.name)}, not the one asked for: the suite will not delete it`);
    this.createdGroups.push(group.id);
    return group.id;
  }

  /** A group of the iTwin that is a member of it, holding the provisioner's role. */
  async memberGroup(label: string): Promise<string> {
    if (!this.roleId) throw new Error("a provisioner without a role cannot make member groups");
    const groupId = await this.group(label);
    await this.expect("addItwinGroupMembers", {}, 201, { members: [{ groupId, roleIds: [this.roleId] }] });
    return groupId;
  }

  /** Every test has member groups of its own: the one it must not remove is just another. */
  guardedMember(label: string): Promise<string> {
    return this.memberGroup(label);
  }

  nonMemberGroup(label: string): Promise<string> {
    return this.group(label);
  }

  async isMember(groupId: string): Promise<boolean> {
    return this.exists("getItwinGroupMember", groupId);
  }

  /** The role ids a member group holds, sorted; undefined when it is not a member. */
  async memberRoles(groupId: string): Promise<string[] | undefined> {
    const exchange = await this.api.send("getItwinGroupMember", { params: { id: this.itwinId, groupId } });
    if (exchange.status === 404) return undefined;
    if (exchange.status !== 200) throw new ProvisioningError(`getItwinGroupMember answered ${exchange.status}: ${describeExchange(exchange)}`);
    return (jsonBody(exchange) as { member: { roles: { id: string }[] } }).member.roles.map((r) => r.id.toLowerCase()).sort();
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

  /**
   * Deletes every group this provisioner created, newest first, ending its
   * membership before. Tries them all; a group whose deletion did not answer
   * 204 or 404 is reported as left behind. The membership removal is only a
   * courtesy to targets that keep memberships of deleted groups: its answer
   * is the operation under test's, judged by the tests, not here.
   */
  async cleanUp(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.pending);
    const leftBehind: string[] = [];
    await this.findUnconfirmedGroups().catch((error: unknown) => leftBehind.push(`groups whose creation got no answer (${error instanceof Error ? error.message : String(error)})`));
    for (const groupId of this.createdGroups.splice(0).reverse()) {
      const params = { id: this.itwinId, groupId };
      try {
        await this.api.send("removeItwinGroupMember", { params });
      } catch {
        // The deletion below decides whether anything is left behind.
      }
      try {
        const deletion = await this.api.send("deleteItwinGroup", { params });
        if (deletion.status !== 204 && deletion.status !== 404) leftBehind.push(`group ${groupId} (deleteItwinGroup answered ${deletion.status})`);
      } catch (error) {
        leftBehind.push(`group ${groupId} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    if (leftBehind.length) throw new ProvisioningError(`clean-up left objects behind: ${leftBehind.join("; ")}`);
  }

  /** A creation without an answer may have happened: its group is found by the exact name asked for. */
  private async findUnconfirmedGroups(): Promise<void> {
    const names = new Set(this.unconfirmedGroups.splice(0));
    if (!names.size) return;
    const exchange = await this.api.send("getItwinGroups", { params: { id: this.itwinId } });
    if (exchange.status !== 200) throw new ProvisioningError(`getItwinGroups answered ${exchange.status}`);
    const groups = (jsonBody(exchange) as { groups: { id: string; name: string }[] }).groups;
    for (const group of groups) if (names.has(group.name)) this.createdGroups.push(group.id);
  }
}
