import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import type { Route } from "../pipeline/router";
import { permissions } from "../store";
import type { ItwinResources } from "./itwin-resources";

/** An iTwin's roles: what a membership grants. */
export function roleRoutes(resources: ItwinResources): Route[] {
  const { store, respond } = resources;
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
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!resources.allowed(ctx, itwin, permissions.manageRoles)) return void ctx.req.resume();
          const body = await resources.jsonBody(ctx, "InvalidiTwinsRoleRequest");
          if (!body || !resources.requireStrings(ctx, body, "InvalidiTwinsRoleRequest", ["displayName", "description"]))
            return;
          const role = store.createRole(itwin, body.displayName as string, body.description as string);
          respond.json(ctx.res, 201, { role });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "roles", ":roleId"],
      methods: {
        DELETE: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin || !resources.allowed(ctx, itwin, permissions.manageRoles)) return;
          if (!store.deleteRole(itwin, lower(ctx.params.roleId))) return resources.fail(ctx.res, errors.roleNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
  ];
}
