import type { TestData } from "../provisioning/test-data";
import { acquireStateLock, type LockMode } from "./state-lock";

/**
 * A test's groups, with the run's state lock held from the first group it
 * asks for until its clean-up is done. A test that asks for a group it may
 * remove runs alone: a broken removal may end another membership than the
 * one it names, which must not be one that another test is watching. Every
 * other test shares the lock. Clean-up removes memberships too, so it runs
 * alone as well.
 */
export class IsolatedTestData implements TestData {
  private held: { mode: LockMode; release: () => void } | undefined;

  /** `lockUrl` undefined: the run has no lock (a single worker needs none). */
  constructor(
    private readonly inner: TestData,
    private readonly lockUrl: string | undefined,
  ) {}

  get readsState(): boolean {
    return this.inner.readsState;
  }

  async memberGroup(label: string): Promise<string> {
    await this.hold("exclusive");
    return this.inner.memberGroup(label);
  }

  async guardedMember(label: string): Promise<string> {
    await this.hold("shared");
    return this.inner.guardedMember(label);
  }

  async nonMemberGroup(label: string): Promise<string> {
    await this.hold("shared");
    return this.inner.nonMemberGroup(label);
  }

  isMember(groupId: string): Promise<boolean> {
    return this.inner.isMember(groupId);
  }

  memberRoles(groupId: string): Promise<string[] | undefined> {
    return this.inner.memberRoles(groupId);
  }

  groupExists(groupId: string): Promise<boolean> {
    return this.inner.groupExists(groupId);
  }

  async cleanUp(): Promise<void> {
    // A test that asked for no group has nothing to clean up, and no reason to wait for the others.
    if (!this.held) return this.inner.cleanUp();
    try {
      if (this.held.mode === "shared") {
        this.giveBack();
        await this.hold("exclusive");
      }
      await this.inner.cleanUp();
    } finally {
      this.giveBack();
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

  private giveBack(): void {
    this.held?.release();
    this.held = undefined;
  }
}
