/**
 * The component schemas that get a standalone validator, with the name of
 * the exported function. One table, for the generator, the runtime
 * cross-check and the code that picks a validator by schema name. The
 * response bodies are checked by the suite; the request bodies by the
 * reference service, which validates what its writes are sent.
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
  validatePermissionsResponse: "PermissionsResponse",
  validateCreateGroupRequest: "CreateGroupRequest",
  validateUpdateGroupRequest: "UpdateGroupRequest",
  validateCreateRoleRequest: "CreateRoleRequest",
  validateUpdateRoleRequest: "UpdateRoleRequest",
  validateUpdateGroupMemberRequest: "UpdateGroupMemberRequest",
  validateAddGroupMembersRequest: "AddGroupMembersRequest",
} as const;

export type ValidatorName = keyof typeof validatorExports;
