import { canonicalId as lower } from "../../core/ids";
import { errors } from "../errors";
import { route, type AnyRoute } from "../pipeline/routes";
import { answers } from "../responder";
import { permissions, type Store } from "../store";
import { bodies, invalidCodes } from "./bodies";
import { page, pageRequest } from "./paging";

const manage = { permission: permissions.manageGroups } as const;

/** As the public documentation says of reading groups: only the Organization Administrators of the iTwin's owner. */
const read = { organizationAdmin: true } as const;

/** An iTwin's groups: what a membership is made of. Reading needs Organization Administrator; writing, manage_groups. */
export function groupRoutes(store: Store): AnyRoute[] {
  return [
    route({
      method: "GET",
      path: "itwins/:id/groups",
      needs: read,
      rule: 'get-itwin-groups: "User must be an Organization Administrator for the Organization that owns the given iTwin."',
      handle: ({ req, itwin }) => {
        const asked = pageRequest(req, invalidCodes.groups);
        if ("status" in asked) return answers.error(asked);
        const groups = [...itwin.groups.values()].map((group) => store.groupView(itwin, group));
        // As documented: the whole list without paging parameters, a page with its _links only when they are given.
        return answers.json(200, asked.named ? page(req, "groups", groups, asked) : { groups });
      },
    }),
    route({
      method: "POST",
      path: "itwins/:id/groups",
      needs: manage,
      body: bodies.createGroup,
      handle: ({ itwin, body }) => {
        if (store.groupNamed(itwin, body.name)) return answers.error(errors.groupNameAlreadyExists());
        const group = store.createGroup(itwin, body.name, body.description);
        return answers.json(201, { group: store.groupView(itwin, group) });
      },
    }),
    route({
      method: "GET",
      path: "itwins/:id/groups/:groupId",
      needs: read,
      rule: 'get-itwin-group: "User must be an Organization Administrator for the Organization that owns the given iTwin."',
      handle: ({ itwin, params }) => {
        const group = itwin.groups.get(lower(params.groupId));
        if (!group) return answers.error(errors.groupNotFound());
        return answers.json(200, { group: store.groupView(itwin, group) });
      },
    }),
    route({
      method: "PATCH",
      path: "itwins/:id/groups/:groupId",
      needs: manage,
      body: bodies.updateGroup,
      handle: ({ itwin, params, body }) => {
        const group = itwin.groups.get(lower(params.groupId));
        if (!group) return answers.error(errors.groupNotFound());
        // The service knows no users and no IMS groups: any named one is one it cannot find.
        if (body.members?.length) return answers.error({ ...errors.teamMemberNotFound(), target: "members[0]" });
        if (body.imsGroups?.length) return answers.error(errors.imsGroupNotFound("imsGroups[0]"));
        if (body.name !== undefined && store.groupNamed(itwin, body.name, group.id))
          return answers.error(errors.groupNameAlreadyExists());
        group.name = body.name ?? group.name;
        group.description = body.description ?? group.description;
        return answers.json(200, { group: store.groupView(itwin, group) });
      },
    }),
    route({
      method: "DELETE",
      path: "itwins/:id/groups/:groupId",
      needs: manage,
      handle: ({ itwin, params }) => {
        if (!store.deleteGroup(itwin, lower(params.groupId))) return answers.error(errors.groupNotFound());
        return answers.noContent;
      },
    }),
  ];
}
