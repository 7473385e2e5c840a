/**
 * The groups a test works with, and what it can learn of the target's state.
 * Provisioner (CONFORMANCE_FIXTURES=api) creates them through the sibling
 * operations; ManifestData (manifest) hands out the ids a manifest offers.
 */
export interface TestData {
  /** Whether the target's state can be read back (member and group lookups); checks that need it skip without. */
  readonly readsState: boolean;
  /** A member group of the iTwin that the test may remove. */
  memberGroup(label: string): Promise<string>;
  /** A member group of the iTwin that the test must not remove: checks that must remove nothing address it. */
  guardedMember(label: string): Promise<string>;
  /** A group of the iTwin that is not a member of it. */
  nonMemberGroup(label: string): Promise<string>;
  isMember(groupId: string): Promise<boolean>;
  /** The role ids a member group holds, sorted; undefined when it is not a member. */
  memberRoles(groupId: string): Promise<string[] | undefined>;
  groupExists(groupId: string): Promise<boolean>;
  cleanUp(): Promise<void>;
}

/** Why a check that needs the target's state does not run in manifest mode. */
export const stateUnavailableReason =
  "CONFORMANCE_FIXTURES=manifest: this check reads the target's state back after a removal, which a manifest cannot give; run with CONFORMANCE_FIXTURES=api against a target that supports the sibling operations";
