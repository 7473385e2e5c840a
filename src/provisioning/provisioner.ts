import { ProvisioningError } from "../core/errors";
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../client/api-client";
import { describeExchange, jsonBody, type Exchange } from "../client/exchange";
import type { OperationId } from "../../generated/operations";
import type { TestData } from "./test-data";

const description = "Created by the conformance suite; removed at the end of its run.";

/**
 * Deletes a group the suite made, ending its membership first: a courtesy to
 * targets that keep memberships of deleted groups. That removal's answer is
 * the operation under test's, judged by the checks, not here. Returns why the
 * group may be left behind, or undefined once it is gone (204 or 404).
 */
export async function deleteGroup(api: ApiClient, itwinId: string, groupId: string): Promise<string | undefined> {
  const params = { id: itwinId, groupId };
  try {
    await api.send("removeItwinGroupMember", { params });
  } catch {
    // The deletion below decides whether anything is left behind.
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

  private async expect(
    operationId: OperationId,
    params: Record<string, string>,
    status: number,
    body?: unknown,
  ): Promise<Exchange> {
    const exchange = await this.api.send(operationId, { params: { id: this.itwinId, ...params }, body });
    if (exchange.status !== status) {
      throw new ProvisioningError(
        `provisioning failed: ${operationId} answered ${exchange.status}, expected ${status}: ${describeExchange(exchange)}`,
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

  /** A group of the iTwin that is not a member of it. */
  async group(label: string): Promise<string> {
    return this.tracked(() => this.createGroup(label));
  }

  /** A group of the iTwin that is a member of it, holding the provisioner's role. */
  async memberGroup(label: string): Promise<string> {
    const roleId = this.roleId;
    if (!roleId) throw new Error("a provisioner without a role cannot make member groups");
    return this.tracked(async () => {
      const groupId = await this.createGroup(label);
      await this.expect("addItwinGroupMembers", {}, 201, { members: [{ groupId, roleIds: [roleId] }] });
      return groupId;
    });
  }

  /**
   * Runs a creation that clean-up must wait for. A test interrupted by
   * Ctrl-C may still be creating while its clean-up runs: once that began,
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
        this.unconfirmedGroups.push(name);
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
    this.createdGroups.push(group.id);
    return group.id;
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

  /**
   * Deletes every group this provisioner created, newest first (deleteGroup).
   * Tries them all; a group whose deletion did not answer 204 or 404 is
   * reported as left behind.
   */
  async cleanUp(): Promise<void> {
    this.closed = true;
    await Promise.allSettled(this.pending);
    const leftBehind: string[] = [];
    await this.findUnconfirmedGroups().catch((error: unknown) =>
      leftBehind.push(
        `groups whose creation got no answer (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
    for (const groupId of this.createdGroups.splice(0).reverse()) {
      const failure = await deleteGroup(this.api, this.itwinId, groupId);
      if (failure) leftBehind.push(`group ${groupId} (${failure})`);
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
