/**
 * The component schemas that get a standalone validator, with the name of
 * the exported function. One table, for the generator, the runtime
 * cross-check and the code that picks a validator by schema name.
 */
export const validatorExports = {
  validateErrorResponse: "ErrorResponse",
  validateGroupResponse: "GroupResponse",
  validateGroupsResponse: "GroupsResponse",
  validateRoleResponse: "RoleResponse",
  validateRolesResponse: "RolesResponse",
  validateGroupMemberResponse: "GroupMemberResponse",
  validateGroupMembersResponse: "GroupMembersResponse",
  validateGroupMembersPage: "GroupMembersPage",
} as const;

export type ValidatorName = keyof typeof validatorExports;
