import { canonicalId as lower } from "../../core/ids";
import type { VerifiedToken } from "../auth";
import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import { route, type AnyRoute, type RouteRequest } from "../pipeline/routes";
import { answers, type Answer } from "../responder";
import { permissions, type Itwin, type Store } from "../store";
import { bodies, invalidCodes } from "./bodies";
import { page, pageRequest } from "./paging";

/** A removal as its deviations see it. */
export interface RemovalRequest {
  store: Store;
  caller: VerifiedToken;
  /** The ids as the path gives them, and the query string as sent ("" without one). */
  sent: { itwinId: string; groupId: string; query: string };
  /** The group id as the service compares it. */
  groupId: string;
  /** The credential as sent. */
  token: string;
  /** The membership seeded before any client acts. */
  seededGroupId: string;
}

/** A removal in an iTwin the caller may see. */
export interface Removal extends RemovalRequest {
  itwin: Itwin;
}

/**
 * The points where deviations act on "Remove iTwin group member", in the order a removal passes them
 * (deviations/removal.ts): the first three are the route's check points, which the route stages run.
 */
export interface RemovalHooks {
  /** The group id as the service compares it, given as the path gives it. */
  groupId: Hooks<[string, RemovalRequest["sent"]], string>;
  /** Before any check: an answer of their own. */
  beforeChecks: Hooks<[RemovalRequest], Answer>;
  /** Instead of refusing a caller without the permission to remove: another refusal, or "allowed". */
  unprivileged: Hooks<[Removal], ApiError | "allowed">;
  /** Instead of letting through a caller the documented rule allows: a refusal. */
  granted: Hooks<[Removal], ApiError>;
  /** Instead of the 404 of a group the iTwin does not have. */
  unknownGroup: Hooks<[Removal], Answer>;
  /** Instead of the 404 of a group that is not a member of the iTwin. */
  notAMember: Hooks<[Removal], Answer>;
  /** Before the removal, every check passed: an answer of their own. */
  beforeRemoval: Hooks<[Removal], Answer>;
  /** Instead of the removal's effect, ending the one membership: true once they acted. */
  effect: Hooks<[Removal], true>;
  /** Instead of the removal's 204. */
  answer: Hooks<[Removal], Answer>;
}

const invite = { permission: permissions.inviteMember } as const;

/** The path of a membership, where the operation under test is. */
const membership = "itwins/:id/members/groups/:groupId";

/** A group's membership of an iTwin: the operation under test, and the calls that make memberships to remove. */
export function memberRoutes(store: Store, d: Deviations, hooks: RemovalHooks, seededGroupId: string): AnyRoute[] {
  const removalRequest = ({ req, params, caller, token }: RouteRequest<typeof membership>): RemovalRequest => {
    const sent = { itwinId: params.id, groupId: params.groupId, query: (req.url ?? "").split("?")[1] ?? "" };
    return {
      store,
      caller,
      sent,
      groupId: d.transform(hooks.groupId, lower(sent.groupId), sent),
      token,
      seededGroupId,
    };
  };

  /** The operation under test, once the pipeline found the iTwin and let the caller through. */
  const remove = (removal: Removal): Answer => {
    const { itwin, groupId } = removal;
    if (!itwin.groups.has(groupId))
      return d.instead(hooks.unknownGroup, removal) ?? answers.error(errors.groupNotFound());
    if (!itwin.groupMembers.has(groupId))
      return d.instead(hooks.notAMember, removal) ?? answers.error(errors.teamMemberNotFound());
    const instead = d.instead(hooks.beforeRemoval, removal);
    if (instead) return instead;
    if (!d.instead(hooks.effect, removal)) store.removeGroupMember(itwin, groupId);
    return d.instead(hooks.answer, removal) ?? answers.noContent;
  };

  return [
    route({
      method: "DELETE",
      path: membership,
      // The documented rule; an identity without it learns nothing more than an unknown iTwin would tell it.
      needs: { permission: permissions.removeMember, orOrganizationAdmin: true, refusal: "ItwinNotFound" },
      deviations: {
        view: removalRequest,
        before: hooks.beforeChecks,
        unpermitted: hooks.unprivileged,
        permitted: hooks.granted,
      },
      handle: (call) => remove({ ...removalRequest(call), itwin: call.itwin }),
    }),
    route({
      method: "GET",
      path: membership,
      needs: "to see the iTwin",
      rule: 'get-itwin-group-member: "The calling user must be a member of the iTwin. Organization Administrator can also retrieve an iTwin member for any iTwin in their Organization."',
      handle: ({ itwin, params }) => {
        const member = store.memberView(itwin, lower(params.groupId));
        if (!member) return answers.error(errors.teamMemberNotFound());
        return answers.json(200, { member });
      },
    }),
    // Not used by the suite; present so that the methods of this URL are the API's (Allow: DELETE, GET, PATCH).
    route({
      method: "PATCH",
      path: membership,
      needs: invite,
      body: bodies.updateMember,
      handle: ({ itwin, params, body }) => {
        const groupId = lower(params.groupId);
        if (!itwin.groupMembers.has(groupId)) return answers.error(errors.teamMemberNotFound());
        const wanted = body.roleIds.map(lower);
        if (wanted.some((r) => !itwin.roles.has(r))) return answers.error(errors.roleNotFound());
        itwin.groupMembers.set(groupId, [...new Set(wanted)]);
        return answers.json(200, { member: store.memberView(itwin, groupId) });
      },
    }),
    route({
      method: "GET",
      path: "itwins/:id/members/groups",
      needs: "to see the iTwin",
      rule: 'get-itwin-group-members: "The calling user must be a member of the iTwin. Organization Administrator can also retrieve iTwin members for any iTwin in their Organization."',
      handle: ({ req, itwin }) => {
        const asked = pageRequest(req, invalidCodes.members);
        if ("status" in asked) return answers.error(asked);
        // A Map keeps the order memberships were added in: stable from one page to the next.
        const members = [...itwin.groupMembers.keys()].flatMap((groupId) => store.memberView(itwin, groupId) ?? []);
        return answers.json(200, page(req, "members", members, asked));
      },
    }),
    route({
      method: "POST",
      path: "itwins/:id/members/groups",
      needs: invite,
      body: bodies.addMembers,
      handle: ({ itwin, body }) => {
        const wanted = body.members.map((m) => ({
          groupId: m.groupId.toLowerCase(),
          roleIds: m.roleIds.map((r) => r.toLowerCase()),
        }));
        if (wanted.some((m) => !itwin.groups.has(m.groupId))) return answers.error(errors.groupNotFound());
        if (wanted.some((m) => m.roleIds.some((r) => !itwin.roles.has(r)))) return answers.error(errors.roleNotFound());
        for (const m of wanted) store.addGroupMember(itwin, m.groupId, m.roleIds);
        return answers.json(201, { members: wanted.map((m) => store.memberView(itwin, m.groupId)) });
      },
    }),
  ];
}
