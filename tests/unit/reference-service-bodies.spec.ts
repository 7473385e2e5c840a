import * as validators from "../../generated/validators";
import { bodies } from "../../src/reference-service/resources/bodies";
import type { ReferenceService } from "../../src/reference-service/service";
import { adminPermissions } from "../../src/reference-service/store";
import { validatorExports, type ValidatorName } from "../../src/validation/schemas";
import { loadSpec } from "../../src/validation/spec";
import { expect, test } from "../support/reference-service";

// Every write that takes a body, sent bodies that are not valid (and two that are valid but name what the service
// does not know): the exact status and error each answers. The answers are the service's contract with its clients;
// they must not change when the way bodies are validated does.

/** An iTwin the admin administers, with a group that is a member, a role, and a group that is not a member. */
function paths(service: ReferenceService, title: string): Record<string, string> {
  const itwin = service.store.addItwin(title);
  service.store.grant(itwin, service.clients.admin.clientId, adminPermissions);
  const group = service.store.createGroup(itwin, "G", "g");
  const role = service.store.createRole(itwin, "R", "r");
  service.store.addGroupMember(itwin, group.id, [role.id]);
  const other = service.store.createGroup(itwin, "H", "h");
  const base = `${service.baseUrl}/itwins/${itwin.id}`;
  return {
    groups: `${base}/groups`,
    group: `${base}/groups/${group.id}`,
    "unknown group": `${base}/groups/${role.id}`,
    roles: `${base}/roles`,
    role: `${base}/roles/${role.id}`,
    member: `${base}/members/groups/${group.id}`,
    "unknown member": `${base}/members/groups/${other.id}`,
    members: `${base}/members/groups`,
  };
}

const many = (n: number) => Array.from({ length: n }, () => "00000000-0000-4000-8000-000000000000");
const cases: [string, string, string, string][] = [
  ["create group: not JSON", "POST", "groups", '{"name": '],
  ["create group: an array", "POST", "groups", "[]"],
  ["create group: null", "POST", "groups", "null"],
  ["create group: a string", "POST", "groups", '"group"'],
  ["create group: empty object", "POST", "groups", "{}"],
  ["create group: empty strings", "POST", "groups", JSON.stringify({ name: "", description: "" })],
  ["create group: numbers", "POST", "groups", JSON.stringify({ name: 1, description: 2 })],
  ["create group: name only", "POST", "groups", JSON.stringify({ name: "a" })],
  ["create group: description only", "POST", "groups", JSON.stringify({ description: "d" })],
  ["create group: null name, empty description", "POST", "groups", JSON.stringify({ name: null, description: "" })],
  ["create group: name wrong, description missing", "POST", "groups", JSON.stringify({ name: 5 })],
  ["update group: empty name", "PATCH", "group", JSON.stringify({ name: "" })],
  [
    "update group: all wrong",
    "PATCH",
    "group",
    JSON.stringify({ name: 1, description: 2, members: [1], imsGroups: "x" }),
  ],
  ["update group: imsGroups wrong, name empty", "PATCH", "group", JSON.stringify({ imsGroups: [null], name: "" })],
  ["update group: members a string", "PATCH", "group", JSON.stringify({ members: "a" })],
  ["update group: null description", "PATCH", "group", JSON.stringify({ description: null })],
  ["update group: unknown group, bad body", "PATCH", "unknown group", JSON.stringify({ name: "" })],
  ["create role: empty object", "POST", "roles", "{}"],
  ["create role: empty strings", "POST", "roles", JSON.stringify({ displayName: "", description: "" })],
  ["create role: wrong name and type", "POST", "roles", JSON.stringify({ displayName: 1, type: "x" })],
  ["create role: unknown type", "POST", "roles", JSON.stringify({ displayName: "a", description: "b", type: "x" })],
  ["create role: type a number", "POST", "roles", JSON.stringify({ displayName: "a", description: "b", type: 5 })],
  ["create role: type null", "POST", "roles", JSON.stringify({ displayName: "a", description: "b", type: null })],
  ["update role: empty displayName", "PATCH", "role", JSON.stringify({ displayName: "" })],
  ["update role: permissions not strings", "PATCH", "role", JSON.stringify({ permissions: [1] })],
  ["update role: all wrong", "PATCH", "role", JSON.stringify({ displayName: 1, description: 1, permissions: "x" })],
  ["update role: unknown permission", "PATCH", "role", JSON.stringify({ permissions: ["itwins_read", "nope"] })],
  ["update member: empty object", "PATCH", "member", "{}"],
  ["update member: no roles", "PATCH", "member", JSON.stringify({ roleIds: [] })],
  ["update member: roleIds a string", "PATCH", "member", JSON.stringify({ roleIds: "x" })],
  ["update member: roleIds numbers", "PATCH", "member", JSON.stringify({ roleIds: [1] })],
  ["update member: a role id no GUID", "PATCH", "member", JSON.stringify({ roleIds: ["not-a-guid"] })],
  ["update member: not a member, bad body", "PATCH", "unknown member", JSON.stringify({ roleIds: [] })],
  ["add members: empty object", "POST", "members", "{}"],
  ["add members: none", "POST", "members", JSON.stringify({ members: [] })],
  ["add members: no roleIds", "POST", "members", JSON.stringify({ members: [{ groupId: "g" }] })],
  ["add members: groupId a number", "POST", "members", JSON.stringify({ members: [{ groupId: 1, roleIds: ["r"] }] })],
  ["add members: empty roleIds", "POST", "members", JSON.stringify({ members: [{ groupId: "x", roleIds: [] }] })],
  ["add members: a null member", "POST", "members", JSON.stringify({ members: [null] })],
  [
    "add members: ids no GUIDs",
    "POST",
    "members",
    JSON.stringify({ members: [{ groupId: "nope", roleIds: ["nope"] }] }),
  ],
  [
    "add members: 51 roles in one",
    "POST",
    "members",
    JSON.stringify({ members: [{ groupId: "g", roleIds: many(51) }] }),
  ],
  [
    "add members: 30 and 30 roles",
    "POST",
    "members",
    JSON.stringify({
      members: [
        { groupId: "g", roleIds: many(30) },
        { groupId: "h", roleIds: many(30) },
      ],
    }),
  ],
  [
    "add members: 51 roles and a bad member",
    "POST",
    "members",
    JSON.stringify({ members: [{ groupId: "g", roleIds: many(51) }, { groupId: 2 }] }),
  ],
];

const answers: Record<string, [number, Record<string, unknown>]> = {
  "create group: not JSON": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }],
    },
  ],
  "create group: an array": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }],
    },
  ],
  "create group: null": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }],
    },
  ],
  "create group: a string": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }],
    },
  ],
  "create group: empty object": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "MissingRequiredProperty", message: "name is missing.", target: "name" },
        { code: "MissingRequiredProperty", message: "description is missing.", target: "description" },
      ],
    },
  ],
  "create group: empty strings": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "InvalidProperty", message: "description must be a non-empty string.", target: "description" },
      ],
    },
  ],
  "create group: numbers": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "InvalidProperty", message: "description must be a non-empty string.", target: "description" },
      ],
    },
  ],
  "create group: name only": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "MissingRequiredProperty", message: "description is missing.", target: "description" }],
    },
  ],
  "create group: description only": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "MissingRequiredProperty", message: "name is missing.", target: "name" }],
    },
  ],
  "create group: null name, empty description": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "InvalidProperty", message: "description must be a non-empty string.", target: "description" },
      ],
    },
  ],
  "create group: name wrong, description missing": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "MissingRequiredProperty", message: "description is missing.", target: "description" },
      ],
    },
  ],
  "update group: empty name": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" }],
    },
  ],
  "update group: all wrong": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "InvalidProperty", message: "description must be a string.", target: "description" },
        { code: "InvalidProperty", message: "members must be a list of strings.", target: "members" },
        { code: "InvalidProperty", message: "imsGroups must be a list of strings.", target: "imsGroups" },
      ],
    },
  ],
  "update group: imsGroups wrong, name empty": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" },
        { code: "InvalidProperty", message: "imsGroups must be a list of strings.", target: "imsGroups" },
      ],
    },
  ],
  "update group: members a string": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "members must be a list of strings.", target: "members" }],
    },
  ],
  "update group: null description": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "description must be a string.", target: "description" }],
    },
  ],
  "update group: unknown group, bad body": [
    422,
    {
      code: "InvalidiTwinsGroupRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "name must be a non-empty string.", target: "name" }],
    },
  ],
  "create role: empty object": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [
        { code: "MissingRequiredProperty", message: "displayName is missing.", target: "displayName" },
        { code: "MissingRequiredProperty", message: "description is missing.", target: "description" },
      ],
    },
  ],
  "create role: empty strings": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "displayName must be a non-empty string.", target: "displayName" },
        { code: "InvalidProperty", message: "description must be a non-empty string.", target: "description" },
      ],
    },
  ],
  "create role: wrong name and type": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "displayName must be a non-empty string.", target: "displayName" },
        { code: "MissingRequiredProperty", message: "description is missing.", target: "description" },
      ],
    },
  ],
  "create role: unknown type": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "type must be one of Custom, Default.", target: "type" }],
    },
  ],
  "create role: type a number": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "type must be one of Custom, Default.", target: "type" }],
    },
  ],
  "create role: type null": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "type must be one of Custom, Default.", target: "type" }],
    },
  ],
  "update role: empty displayName": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "displayName must be a non-empty string.", target: "displayName" }],
    },
  ],
  "update role: permissions not strings": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidProperty", message: "permissions must be a list of strings.", target: "permissions" }],
    },
  ],
  "update role: all wrong": [
    422,
    {
      code: "InvalidiTwinsRoleRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidProperty", message: "displayName must be a non-empty string.", target: "displayName" },
        { code: "InvalidProperty", message: "description must be a string.", target: "description" },
        { code: "InvalidProperty", message: "permissions must be a list of strings.", target: "permissions" },
      ],
    },
  ],
  "update role: unknown permission": [
    404,
    { code: "PermissionNotFound", message: "Requested permission is not available.", target: "permissions[1]" },
  ],
  "update member: empty object": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" }],
    },
  ],
  "update member: no roles": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" }],
    },
  ],
  "update member: roleIds a string": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" }],
    },
  ],
  "update member: roleIds numbers": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" }],
    },
  ],
  "update member: a role id no GUID": [404, { code: "RoleNotFound", message: "Requested role is not available." }],
  "update member: not a member, bad body": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [{ code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" }],
    },
  ],
  "add members: empty object": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: none": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: no roleIds": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: groupId a number": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: empty roleIds": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: a null member": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
  "add members: ids no GUIDs": [404, { code: "GroupNotFound", message: "Requested group is not available." }],
  "add members: 51 roles in one": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidValue", message: "At most 50 role assignments may be made at once.", target: "members" },
      ],
    },
  ],
  "add members: 30 and 30 roles": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        { code: "InvalidValue", message: "At most 50 role assignments may be made at once.", target: "members" },
      ],
    },
  ],
  "add members: 51 roles and a bad member": [
    422,
    {
      code: "InvalidiTwinsMemberRequest",
      message: "The request is not valid.",
      details: [
        {
          code: "InvalidValue",
          message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
          target: "members",
        },
      ],
    },
  ],
};

for (const [title, method, target, body] of cases) {
  test(`${title}: ${answers[title]![0]}`, async ({ request, service, adminToken }) => {
    const answer = await request.fetch(paths(service, title)[target]!, {
      method,
      headers: { Authorization: `Bearer ${adminToken}`, "Content-Type": "application/json" },
      data: body,
    });
    const [status, error] = answers[title]!;
    expect([answer.status(), await answer.json()]).toEqual([status, { error }]);
  });
}

test("the rules of each body name the properties of its schema in the fragment, and no other", () => {
  const schemas = (loadSpec().components as { schemas: Record<string, { properties: object }> }).schemas;
  for (const [write, body] of Object.entries(bodies)) {
    const [, schema] = Object.entries(validatorExports).find(
      ([fn]) => validators[fn as ValidatorName] === body.validate,
    )!;
    const named = [...new Set(body.rules.map((rule) => rule.property))].sort();
    expect(named, write).toEqual(Object.keys(schemas[schema]!.properties).sort());
  }
});
