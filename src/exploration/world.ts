/**
 * What the exploration works with: the suite's clients (the judged one, whose
 * every answer goes through the response observer, and the admin's for
 * reading state and provisioning), the run's groups it may address, and the
 * credentials forged from the admin's token. Every request of either client
 * is counted against the budget and waits for its turn at the run's gate.
 */
import { randomUUID } from "node:crypto";
import type { ApiClient } from "../client/api-client";
import { createObserver, type FindingSink } from "../checks/observer";
import type { Exchange } from "../client/exchange";
import { ProvisioningError } from "../core/errors";
import { describeExchange } from "../client/exchange";
import type { RunContext } from "../settings/run-context";
import { GroupLedger } from "../provisioning/group-ledger";
import { Provisioner } from "../provisioning/provisioner";
import { acquireStateLock } from "../suite/state-lock";
import { tokenSignedByUnknownKey, unsignedToken } from "../auth/forged-tokens";
import type { ModelContext } from "./model";

export interface WorldOptions {
  /** The test's findings, where the response observer records what it judges. */
  findings: FindingSink;
  run: RunContext;
  /** The admin's client without an observer of the operation under test: provisioning and state readings. */
  setupApi: ApiClient;
  /** The worker's ledger: every group made here is deleted when the worker ends. */
  groupLedger: GroupLedger;
  roleId: string;
  /** Called for every request sent, retries included. */
  counted: () => void;
  /** Ids that name nothing: random GUIDs, or a manifest's unknown ids. */
  unknownId: () => string;
}

export class ExplorationWorld {
  readonly setupApi: ApiClient;
  context!: ModelContext;
  /** Sees every exchange of either client while set: a sequence's replay. */
  tap: ((exchange: Exchange) => void) | undefined;
  private readonly groups = new Set<string>();
  private readonly provisioner: Provisioner;

  constructor(readonly options: WorldOptions) {
    this.setupApi = options.setupApi.with({ observe: this.counting(options.setupApi.options.observe) });
    const { run, groupLedger, roleId } = options;
    this.provisioner = new Provisioner(this.setupApi, run.itwinId, run.namePrefix, groupLedger, roleId);
  }

  /**
   * The admin's client whose answers of the operation under test go through
   * the response observer into `sink`: one per request, so that requests sent
   * at once are each judged with their own expectation.
   */
  judged(sink: (inner: FindingSink) => FindingSink): ApiClient {
    return this.setupApi.with({ observe: this.counting(createObserver(sink(this.options.findings))) });
  }

  /** Counts each exchange against the budget and shows it to the tap, then to `observe`. */
  private counting(observe?: (exchange: Exchange) => void): (exchange: Exchange) => void {
    return (exchange) => {
      this.options.counted();
      this.tap?.(exchange);
      observe?.(exchange);
    };
  }

  /**
   * Runs `step` alone, under the run's state lock: a broken removal may end
   * another membership than the one it names, which no other test may be
   * watching meanwhile. Taken step by step, so that the other tests go on in between.
   */
  async alone<T>(step: () => Promise<T>): Promise<T> {
    const release = this.run.stateLockUrl ? await acquireStateLock(this.run.stateLockUrl, "exclusive") : undefined;
    try {
      return await step();
    } finally {
      release?.();
    }
  }

  /** Roles of the run beside the worker's, for memberships of several roles; deleted by the caller. */
  createRole(label: string): Promise<string> {
    return this.provisioner.createRole(label);
  }

  deleteRole(roleId: string): Promise<void> {
    return this.provisioner.deleteRole(roleId);
  }

  get run(): RunContext {
    return this.options.run;
  }

  /** With a manifest's target nothing is created and no state is read: only ids that name nothing are sent. */
  get readsState(): boolean {
    return this.run.settings.fixtures !== "manifest";
  }

  /** The run's groups this exploration made, whose memberships the oracle reads. */
  owned(): string[] {
    return [...this.groups];
  }

  /** A fresh member, bystander and non-member (with a manifest's target, ids that name nothing). */
  async provision(): Promise<void> {
    const { run, unknownId } = this.options;
    const token = await this.setupApi.bearer().then((b) => b.slice("Bearer ".length));
    const forged = this.context?.forged ?? {
      unknownKey: await tokenSignedByUnknownKey(token),
      unsigned: unsignedToken(token),
    };
    let member = unknownId();
    let bystander = unknownId();
    let nonMember = unknownId();
    if (this.readsState) {
      const made = await this.provisioner.memberGroups(["explored", "bystander of the exploration"], []);
      [member, bystander] = [made[0]!, made[1]!];
      nonMember = await this.provisioner.nonMemberGroup("explored non-member");
      for (const id of [member, bystander, nonMember]) this.groups.add(id.toLowerCase());
    }
    this.context = {
      itwinId: run.itwinId,
      ...(run.otherItwinId ? { otherItwinId: run.otherItwinId } : {}),
      member,
      bystander,
      nonMember,
      roleId: this.options.roleId,
      token,
      forged,
      unknownId,
    };
  }

  /**
   * The admin's token as of now: a client-credentials token is renewed before
   * it expires, so a case built from it never sends a stale one.
   */
  async currentToken(): Promise<string> {
    return (await this.setupApi.bearer()).slice("Bearer ".length);
  }

  /** A new group of the run, no member yet, for a sequence. */
  async newGroup(label: string): Promise<string> {
    const id = await this.provisioner.nonMemberGroup(label);
    this.groups.add(id.toLowerCase());
    return id;
  }

  /** Makes `groupId` a member again with `roles` (the sibling operation add). */
  async addMember(groupId: string, roles: string[]): Promise<void> {
    await this.addMembers([{ groupId, roles }]);
  }

  /** Makes each group a member again with its roles, in one request. */
  async addMembers(members: { groupId: string; roles: string[] }[]): Promise<void> {
    const body = { members: members.map(({ groupId, roles }) => ({ groupId, roleIds: roles })) };
    await this.expect("addItwinGroupMembers", 201, body);
  }

  /** New member groups of the run, with the worker's role: one for each case of a batch of removals. */
  async newMembers(labels: string[]): Promise<string[]> {
    const ids = await this.provisioner.memberGroups(labels, []);
    for (const id of ids) this.groups.add(id.toLowerCase());
    return ids;
  }

  /** Sets a member's roles (the sibling operation update). */
  async updateMember(groupId: string, roles: string[]): Promise<void> {
    await this.expect("updateItwinGroupMember", 200, { roleIds: roles }, groupId);
  }

  private async expect(
    operationId: "addItwinGroupMembers" | "updateItwinGroupMember",
    status: number,
    body: unknown,
    groupId?: string,
  ): Promise<void> {
    const params = { id: this.run.itwinId, ...(groupId ? { groupId } : {}) };
    const exchange = await this.setupApi.send(operationId, { params, body });
    if (exchange.status !== status)
      throw new ProvisioningError(
        `${operationId} answered ${exchange.status}, expected ${status}: ${describeExchange(exchange)}`,
      );
  }
}

/** Random GUIDs: ids that name nothing. */
export const randomId = (): string => randomUUID();
