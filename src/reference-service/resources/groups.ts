import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import type { RequestContext, Route } from "../pipeline/router";
import { permissions } from "../store";
import { optional, problems } from "./fields";
import type { ItwinResources } from "./itwin-resources";
import { page, pageRequest } from "./paging";

const invalid = "InvalidiTwinsGroupRequest";

/** An iTwin's groups: what a membership is made of. Reading needs only to see the iTwin; writing, manage_groups. */
export function groupRoutes(resources: ItwinResources): Route[] {
  const { store, respond } = resources;

  const managed = (ctx: RequestContext) => resources.itwinAllowing(ctx, permissions.manageGroups);

  return [
    {
      pattern: ["itwins", ":id", "groups"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          const asked = pageRequest(ctx.req, invalid);
          if ("status" in asked) return resources.fail(ctx.res, asked);
          const groups = [...itwin.groups.values()].map((group) => store.groupView(itwin, group));
          // As documented: the whole list without paging parameters, a page with its _links only when they are given.
          respond.json(ctx.res, 200, asked.named ? page(ctx.req, "groups", groups, asked) : { groups });
        },
        POST: async (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, invalid);
          if (!body || !resources.requireStrings(ctx, body, invalid, ["name", "description"])) return;
          if (store.groupNamed(itwin, body.name as string))
            return resources.fail(ctx.res, errors.groupNameAlreadyExists());
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
        PATCH: async (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, invalid);
          if (!body) return;
          const details = problems(body, [
            optional.string("name", true),
            optional.string("description"),
            optional.strings("members"),
            optional.strings("imsGroups"),
          ]);
          if (details.length) return resources.fail(ctx.res, errors.invalidRequest(invalid, details));
          const group = itwin.groups.get(lower(ctx.params.groupId));
          if (!group) return resources.fail(ctx.res, errors.groupNotFound());
          // The service knows no users and no IMS groups: any named one is one it cannot find.
          if ((body.members as string[] | undefined)?.length)
            return resources.fail(ctx.res, { ...errors.teamMemberNotFound(), target: "members[0]" });
          if ((body.imsGroups as string[] | undefined)?.length)
            return resources.fail(ctx.res, errors.imsGroupNotFound("imsGroups[0]"));
          const name = body.name as string | undefined;
          if (name !== undefined && store.groupNamed(itwin, name, group.id))
            return resources.fail(ctx.res, errors.groupNameAlreadyExists());
          group.name = name ?? group.name;
          group.description = (body.description as string | undefined) ?? group.description;
          respond.json(ctx.res, 200, { group: store.groupView(itwin, group) });
        },
        DELETE: (ctx) => {
          const itwin = managed(ctx);
          if (!itwin) return;
          ctx.req.resume();
          if (!store.deleteGroup(itwin, lower(ctx.params.groupId)))
            return resources.fail(ctx.res, errors.groupNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
  ];
}
