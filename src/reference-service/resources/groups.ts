import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import type { Route } from "../pipeline/router";
import { permissions } from "../store";
import type { ItwinResources } from "./itwin-resources";

/** An iTwin's groups: what a membership is made of. */
export function groupRoutes(resources: ItwinResources): Route[] {
  const { store, respond } = resources;
  return [
    {
      pattern: ["itwins", ":id", "groups"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          respond.json(ctx.res, 200, {
            groups: [...itwin.groups.values()].map((group) => store.groupView(itwin, group)),
          });
        },
        POST: async (ctx) => {
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!resources.allowed(ctx, itwin, permissions.manageGroups)) return void ctx.req.resume();
          const body = await resources.jsonBody(ctx, "InvalidiTwinsGroupRequest");
          if (!body || !resources.requireStrings(ctx, body, "InvalidiTwinsGroupRequest", ["name", "description"]))
            return;
          const group = store.createGroup(itwin, body.name as string, body.description as string);
          respond.json(ctx.res, 201, { group: store.groupView(itwin, group) });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "groups", ":groupId"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          const group = itwin.groups.get(lower(ctx.params.groupId));
          if (!group) return resources.fail(ctx.res, errors.groupNotFound());
          respond.json(ctx.res, 200, { group: store.groupView(itwin, group) });
        },
        DELETE: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin || !resources.allowed(ctx, itwin, permissions.manageGroups)) return;
          if (!store.deleteGroup(itwin, lower(ctx.params.groupId)))
            return resources.fail(ctx.res, errors.groupNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
  ];
}
