import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import type { RequestContext, Route } from "../pipeline/router";
import { adminPermissions, permissions, roleTypes, type RoleType } from "../store";
import { optional, problems } from "./fields";
import type { ItwinResources } from "./itwin-resources";

const invalid = "InvalidiTwinsRoleRequest";

/** The permission names a role may be given: those the service knows. */
const knownPermissions: readonly string[] = adminPermissions;

/** An iTwin's roles: what a membership grants. Reading needs only to see the iTwin; writing, manage_roles. */
export function roleRoutes(resources: ItwinResources): Route[] {
  const { store, respond } = resources;

  const managed = (ctx: RequestContext) => resources.itwinAllowing(ctx, permissions.manageRoles);

  return [
    {
      pattern: ["itwins", ":id", "roles"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          respond.json(ctx.res, 200, { roles: [...itwin.roles.values()] });
        },
        POST: async (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, invalid);
          if (!body || !resources.requireStrings(ctx, body, invalid, ["displayName", "description"])) return;
          const details = problems(body, [optional.oneOf("type", roleTypes)]);
          if (details.length) return resources.fail(ctx.res, errors.invalidRequest(invalid, details));
          // Bentley's client sends no type: a role the iTwin makes is Custom unless the body says otherwise.
          const type = (body.type as RoleType | undefined) ?? "Custom";
          const role = store.createRole(itwin, body.displayName as string, body.description as string, type);
          respond.json(ctx.res, 201, { role });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "roles", ":roleId"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          const role = itwin.roles.get(lower(ctx.params.roleId));
          if (!role) return resources.fail(ctx.res, errors.roleNotFound());
          respond.json(ctx.res, 200, { role });
        },
        PATCH: async (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, invalid);
          if (!body) return;
          const details = problems(body, [
            optional.string("displayName", true),
            optional.string("description"),
            optional.strings("permissions"),
          ]);
          if (details.length) return resources.fail(ctx.res, errors.invalidRequest(invalid, details));
          const role = itwin.roles.get(lower(ctx.params.roleId));
          if (!role) return resources.fail(ctx.res, errors.roleNotFound());
          const wanted = body.permissions as string[] | undefined;
          // As the API answers a permission it does not know: 404 PermissionNotFound, naming the entry.
          const unknown = wanted?.findIndex((name) => !knownPermissions.includes(name)) ?? -1;
          if (unknown >= 0) return resources.fail(ctx.res, errors.permissionNotFound(`permissions[${unknown}]`));
          role.displayName = (body.displayName as string | undefined) ?? role.displayName;
          role.description = (body.description as string | undefined) ?? role.description;
          role.permissions = wanted ? [...new Set(wanted)] : role.permissions;
          respond.json(ctx.res, 200, { role });
        },
        DELETE: (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          ctx.req.resume();
          if (!store.deleteRole(itwin, lower(ctx.params.roleId))) return resources.fail(ctx.res, errors.roleNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
  ];
}
