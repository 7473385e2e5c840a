import {
  validateAddGroupMembersRequest,
  validateCreateGroupRequest,
  validateCreateRoleRequest,
  validateUpdateGroupMemberRequest,
  validateUpdateGroupRequest,
  validateUpdateRoleRequest,
} from "../../../generated/validators";
import type { PropertyRule, RequestBody } from "../pipeline/request-body";
import { roleTypes } from "../store";

/** The 422 codes of the resource families, for their bodies and their lists' paging parameters. */
export const invalidCodes = {
  groups: "InvalidiTwinsGroupRequest",
  roles: "InvalidiTwinsRoleRequest",
  members: "InvalidiTwinsMemberRequest",
} as const;

const string = (property: string): PropertyRule => ({
  property,
  code: "InvalidProperty",
  message: `${property} must be a string.`,
});

const strings = (property: string): PropertyRule => ({
  property,
  code: "InvalidProperty",
  message: `${property} must be a list of strings.`,
});

/** A name: the service refuses an empty one where the fragment's create schemas allow it. */
const nonEmptyString = (property: string): PropertyRule => ({
  property,
  code: "InvalidProperty",
  message: `${property} must be a non-empty string.`,
  alsoRefuses: (value) => value === "",
});

/** How many roles a request to add members may assign in all; the fragment says 50 per member. */
const maxRoleAssignments = 50;

const roleAssignments = (members: unknown): number =>
  (members as { roleIds: unknown[] }[]).reduce((n, member) => n + member.roleIds.length, 0);

/** The bodies of the writes, by the fragment's schema of each. */
export const bodies = {
  createGroup: {
    validate: validateCreateGroupRequest,
    invalidCode: invalidCodes.groups,
    rules: [nonEmptyString("name"), nonEmptyString("description")],
  },
  updateGroup: {
    validate: validateUpdateGroupRequest,
    invalidCode: invalidCodes.groups,
    rules: [nonEmptyString("name"), string("description"), strings("members"), strings("imsGroups")],
  },
  createRole: {
    validate: validateCreateRoleRequest,
    invalidCode: invalidCodes.roles,
    rules: [
      nonEmptyString("displayName"),
      nonEmptyString("description"),
      { property: "type", code: "InvalidValue", message: `type must be one of ${roleTypes.join(", ")}.`, later: true },
    ],
  },
  updateRole: {
    validate: validateUpdateRoleRequest,
    invalidCode: invalidCodes.roles,
    rules: [nonEmptyString("displayName"), string("description"), strings("permissions")],
  },
  updateMember: {
    validate: validateUpdateGroupMemberRequest,
    invalidCode: invalidCodes.members,
    rules: [
      {
        property: "roleIds",
        code: "InvalidValue",
        message: "roleIds must be a non-empty list of role ids.",
        missing: "own detail",
      },
    ],
  },
  addMembers: {
    validate: validateAddGroupMembersRequest,
    invalidCode: invalidCodes.members,
    rules: [
      {
        property: "members",
        code: "InvalidValue",
        message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
        missing: "own detail",
        except: ["maxItems"],
      },
      // The limit is on the request: a member within the fragment's 50 may still take the request over it.
      {
        property: "members",
        code: "InvalidValue",
        message: `At most ${maxRoleAssignments} role assignments may be made at once.`,
        except: ["maxItems"],
        alsoRefuses: (members) => roleAssignments(members) > maxRoleAssignments,
        later: true,
      },
    ],
  },
} satisfies Record<string, RequestBody<unknown>>;
