import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import { route, type AnyRoute } from "../pipeline/routes";
import { answers } from "../responder";
import { permissionNames } from "../../../generated/permissions";
import { permissions, type Store } from "../store";
import { bodies } from "./bodies";

/** The permission names a role may be given: every one the API knows (specs/permissions.yaml). */
const knownPermissions: readonly string[] = permissionNames;

const manage = { permission: permissions.manageRoles } as const;

/** As the public documentation says of reading roles: manage_roles, or administering the iTwin's owner. */
const read = { permission: permissions.manageRoles, orOrganizationAdmin: true } as const;

/** An iTwin's roles: what a membership grants. Reading and writing need manage_roles. */
export function roleRoutes(store: Store): AnyRoute[] {
  return [
    route({
      method: "GET",
      path: "itwins/:id/roles",
      needs: read,
      rule: 'get-iTwin-roles: "User must have the administration_manage_roles permission assigned at the iTwin level or be an Organization Administrator for the Organization that owns a given iTwin."',
      handle: ({ itwin }) => answers.json(200, { roles: [...itwin.roles.values()] }),
    }),
    route({
      method: "POST",
      path: "itwins/:id/roles",
      needs: manage,
      body: bodies.createRole,
      handle: ({ itwin, body }) => {
        // Bentley's client sends no type: a role the iTwin makes is Custom unless the body says otherwise.
        const role = store.createRole(itwin, body.displayName, body.description, body.type ?? "Custom");
        return answers.json(201, { role });
      },
    }),
    route({
      method: "GET",
      path: "itwins/:id/roles/:roleId",
      needs: read,
      rule: 'get-itwin-role (v1 page; v2 names the same rule for every role operation): "User must have the administration_manage_roles permission assigned at the iTwin level or be an Organization Administrator for the Organization that owns a given iTwin."',
      handle: ({ itwin, params }) => {
        const role = itwin.roles.get(lower(params.roleId));
        if (!role) return answers.error(errors.roleNotFound());
        return answers.json(200, { role });
      },
    }),
    route({
      method: "PATCH",
      path: "itwins/:id/roles/:roleId",
      needs: manage,
      body: bodies.updateRole,
      handle: ({ itwin, params, body }) => {
        const role = itwin.roles.get(lower(params.roleId));
        if (!role) return answers.error(errors.roleNotFound());
        // As the API answers a permission it does not know: 404 PermissionNotFound, naming the entry.
        const unknown = body.permissions?.findIndex((name) => !knownPermissions.includes(name)) ?? -1;
        if (unknown >= 0) return answers.error(errors.permissionNotFound(`permissions[${unknown}]`));
        role.displayName = body.displayName ?? role.displayName;
        role.description = body.description ?? role.description;
        role.permissions = body.permissions ? [...new Set(body.permissions)] : role.permissions;
        return answers.json(200, { role });
      },
    }),
    route({
      method: "DELETE",
      path: "itwins/:id/roles/:roleId",
      needs: manage,
      handle: ({ itwin, params }) => {
        if (!store.deleteRole(itwin, lower(params.roleId))) return answers.error(errors.roleNotFound());
        return answers.noContent;
      },
    }),
  ];
}
