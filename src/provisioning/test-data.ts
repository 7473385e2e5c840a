/**
 * The groups a test works with, and what it can learn of the target's state.
 * Provisioner (CONFORMANCE_FIXTURES=api) creates them through the sibling
 * operations; ManifestData (manifest) hands out the ids a manifest offers.
 */
export interface TestData {
  /** Whether the target's state can be read back (member and group lookups); checks that need it skip without. */
  readonly readsState: boolean;
  /**
   * Member groups of the iTwin: first those the test may remove, then those
   * it must not (checks that must remove nothing address them). They become
   * members after `beforeMembership` has run, in the order given: the last is
   * the newest membership.
   */
  memberGroups(removable: string[], guarded: string[], beforeMembership?: () => Promise<void>): Promise<string[]>;
  /** A group of the iTwin that is not a member of it, handed out after `beforeUse` has run. */
  nonMemberGroup(label: string, beforeUse?: () => Promise<void>): Promise<string>;
  isMember(groupId: string): Promise<boolean>;
  /** Called when a test ends for each group it guarded and found still a member: a later test may guard it too. */
  keptMember(groupId: string): void;
  /** Called when a test ends for each of its groups it last found no member: its deletion needs no removal first. */
  notMember(groupId: string): void;
  /** The role ids a member group holds, sorted; undefined when it is not a member. */
  memberRoles(groupId: string): Promise<string[] | undefined>;
  groupExists(groupId: string): Promise<boolean>;
  cleanUp(): Promise<void>;
}

/** Why a check that needs the target's state does not run in manifest mode. */
export const stateUnavailableReason =
  "CONFORMANCE_FIXTURES=manifest: this check reads the target's state back after a removal, which a manifest cannot give; run with CONFORMANCE_FIXTURES=api against a target that supports the sibling operations";
