import type { TestData } from "../provisioning/test-data";
import { acquireStateLock, type LockMode } from "./state-lock";

/**
 * A test's groups, with the run's state lock held from the moment they
 * become members until the test ends. A test that asks for a group it may
 * remove runs alone: a broken removal may end another membership than the
 * one it names, which must not be one that another test is watching. Every
 * other test shares the lock. Groups are created before the lock is held
 * (creating one ends no membership), while the test waits for it; they are
 * deleted when the worker ends (src/provisioning/group-ledger.ts).
 */
/** One id per label asked for. */
type AsIds<Labels extends string[]> = { [Index in keyof Labels]: string };

export class IsolatedTestData {
  private held: { mode: LockMode; release: () => void } | undefined;
  private readonly guarded = new Set<string>();
  /** What the last lookup of each group found (a non-member group: not a member). */
  private readonly lastSeen = new Map<string, boolean>();

  /** `lockUrl` undefined: the run has no lock (a single worker needs none). */
  constructor(
    private readonly inner: TestData,
    private readonly lockUrl: string | undefined,
  ) {}

  get readsState(): boolean {
    return this.inner.readsState;
  }

  /** A member group the test may remove. */
  async memberGroup(label: string): Promise<string> {
    return (await this.memberGroups([label]))[0]!;
  }

  /** A member group the test must not remove. */
  async guardedMember(label: string): Promise<string> {
    return (await this.memberGroups([], [label]))[0]!;
  }

  /** Groups the test may remove, then groups it must not, made members together (the last is the newest). */
  async memberGroups<const Removable extends string[], const Guarded extends string[] = []>(
    removable: Removable,
    guarded?: Guarded,
  ): Promise<AsIds<[...Removable, ...Guarded]>> {
    const mode = removable.length ? "exclusive" : "shared";
    const ids = await this.inner.memberGroups(removable, guarded ?? [], () => this.hold(mode));
    ids.slice(removable.length).forEach((id) => this.guarded.add(id));
    return ids as never;
  }

  async nonMemberGroup(label: string): Promise<string> {
    const groupId = await this.inner.nonMemberGroup(label, () => this.hold("shared"));
    this.lastSeen.set(groupId, false);
    return groupId;
  }

  /**
   * Whether the group is a member. When the test ends, a guarded group last
   * found a member may be guarded by a later test, and a group last found no
   * member needs no removal before it is deleted.
   */
  async isMember(groupId: string): Promise<boolean> {
    const member = await this.inner.isMember(groupId);
    this.lastSeen.set(groupId, member);
    return member;
  }

  memberRoles(groupId: string): Promise<string[] | undefined> {
    return this.inner.memberRoles(groupId);
  }

  groupExists(groupId: string): Promise<boolean> {
    return this.inner.groupExists(groupId);
  }

  /** The test is over: its creations are done, and the lock is given back. */
  async cleanUp(): Promise<void> {
    try {
      await this.inner.cleanUp();
      for (const [groupId, member] of this.lastSeen) {
        if (!member) this.inner.notMember(groupId);
        else if (this.guarded.has(groupId)) this.inner.keptMember(groupId);
      }
    } finally {
      this.held?.release();
      this.held = undefined;
    }
  }

  private async hold(mode: LockMode): Promise<void> {
    if (!this.lockUrl || this.held?.mode === "exclusive" || this.held?.mode === mode) return;
    if (this.held) {
      // Taking the lock alone only now would leave the groups asked for so far unwatched in between.
      throw new Error("a test asks for the groups it may remove before any other group");
    }
    this.held = { mode, release: await acquireStateLock(this.lockUrl, mode) };
  }
}
