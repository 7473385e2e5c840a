import { closeSync, openSync } from "node:fs";
import path from "node:path";
import type { Manifest } from "./manifest";
import { stateUnavailableReason, type TestData } from "./test-data";

/** How many member groups a full run removes: the manifest needs one more (the guarded one). A test keeps it true. */
export const removalsPerFullRun = 4;

/**
 * The ids of a manifest, for a target that cannot create data. The first
 * member group is the guarded one, never removed; each of the others is
 * handed out for removal once per run, claimed through a file in the run's
 * folder so parallel workers never take the same one. Nothing is created,
 * so nothing is cleaned up.
 */
export class ManifestData implements TestData {
  readonly readsState = false;

  constructor(
    private readonly manifest: Manifest,
    /** The run's folder, shared by its workers. */
    private readonly runDir: string,
    /** Skips the current test with a reason; does not return. */
    private readonly skip: (reason: string) => never,
  ) {}

  async memberGroups(
    removable: string[],
    guarded: string[],
    beforeMembership?: () => Promise<void>,
  ): Promise<string[]> {
    await beforeMembership?.();
    return [...removable.map(() => this.removableGroup()), ...guarded.map(() => this.manifest.memberGroupIds[0]!)];
  }

  async nonMemberGroup(_label: string, beforeUse?: () => Promise<void>): Promise<string> {
    await beforeUse?.();
    return (
      this.manifest.nonMemberGroupIds[0] ??
      this.skip("the manifest lists no nonMemberGroupIds (groups of the iTwin that are not members of it)")
    );
  }

  private removableGroup(): string {
    const removable = this.manifest.memberGroupIds.slice(1);
    for (const id of removable) if (claim(path.join(this.runDir, `claimed-${id}`))) return id;
    return this.skip(
      removable.length
        ? `the ${removable.length} removable group(s) of the manifest's memberGroupIds are all taken by other checks of this run: list more ids (a full run removes ${removalsPerFullRun})`
        : `the manifest's memberGroupIds offers no group to remove (the first is never removed): list at least ${removalsPerFullRun + 1} ids`,
    );
  }

  // Checks ask readsState first; reaching these is a defect of the check, not a finding about the target.
  isMember(): Promise<boolean> {
    throw new Error(`isMember: ${stateUnavailableReason}`);
  }

  memberRoles(): Promise<string[] | undefined> {
    throw new Error(`memberRoles: ${stateUnavailableReason}`);
  }

  groupExists(): Promise<boolean> {
    throw new Error(`groupExists: ${stateUnavailableReason}`);
  }

  /** A manifest's guarded member is every test's already. */
  keptMember(): void {}

  /** Nothing of a manifest is deleted. */
  notMember(): void {}

  async cleanUp(): Promise<void> {}
}

/** Creates `file` unless it exists; atomic across processes. */
function claim(file: string): boolean {
  try {
    closeSync(openSync(file, "wx"));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
