import { canonicalId as lower } from "../../core/ids";
import type { VerifiedToken } from "../auth";
import type { Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import type { RequestContext, Route } from "../pipeline/router";
import { answers, type Answer } from "../responder";
import { permissions, type Itwin, type Store } from "../store";
import type { ItwinResources } from "./itwin-resources";
import { page, pageRequest } from "./paging";

/** A removal as its deviations see it. */
export interface RemovalRequest {
  store: Store;
  caller: VerifiedToken;
  /** The ids as the path gives them. */
  sent: { itwinId: string; groupId: string };
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

/** The points where deviations act on "Remove iTwin group member", in the order a removal passes them (deviations/removal.ts). */
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

/** A group's membership of an iTwin: the operation under test, and the calls that make memberships to remove. */
export function memberRoutes(resources: ItwinResources, hooks: RemovalHooks, seededGroupId: string): Route[] {
  const { store, respond, deviations: d } = resources;

  /** The operation under test. */
  const remove = (ctx: RequestContext): void => {
    ctx.req.resume();
    const answer = (given: Answer) => respond.answer(ctx.res, given);
    const sent = { itwinId: ctx.params.id ?? "", groupId: ctx.params.groupId ?? "" };
    const groupId = d.transform(hooks.groupId, lower(sent.groupId), sent);
    const request: RemovalRequest = { store, caller: ctx.caller, sent, groupId, token: ctx.token, seededGroupId };
    const early = d.instead(hooks.beforeChecks, request);
    if (early) return answer(early);
    const itwin = resources.itwinFor(ctx);
    if (!itwin) return;
    const removal: Removal = { ...request, itwin };
    if (!store.mayRemoveMembers(itwin, ctx.caller.clientId)) {
      const refusal = d.instead(hooks.unprivileged, removal);
      // An identity without the permission learns nothing more than an unknown iTwin would tell it.
      if (refusal !== "allowed") return resources.fail(ctx.res, refusal ?? errors.itwinNotFound());
    } else {
      const refusal = d.instead(hooks.granted, removal);
      if (refusal) return resources.fail(ctx.res, refusal);
    }
    if (!itwin.groups.has(groupId))
      return answer(d.instead(hooks.unknownGroup, removal) ?? answers.error(errors.groupNotFound()));
    if (!itwin.groupMembers.has(groupId))
      return answer(d.instead(hooks.notAMember, removal) ?? answers.error(errors.teamMemberNotFound()));
    const instead = d.instead(hooks.beforeRemoval, removal);
    if (instead) return answer(instead);
    if (!d.instead(hooks.effect, removal)) store.removeGroupMember(itwin, groupId);
    answer(d.instead(hooks.answer, removal) ?? answers.noContent);
  };

  return [
    {
      pattern: ["itwins", ":id", "members", "groups", ":groupId"],
      methods: {
        DELETE: remove,
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          const member = store.memberView(itwin, lower(ctx.params.groupId));
          if (!member) return resources.fail(ctx.res, errors.teamMemberNotFound());
          respond.json(ctx.res, 200, { member });
        },
        // Not used by the suite; present so that the methods of this URL are the API's (Allow: DELETE, GET, PATCH).
        PATCH: async (ctx) => {
          const itwin = resources.itwinAllowing(ctx, permissions.inviteMember);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, "InvalidiTwinsMemberRequest");
          if (!body) return;
          const roleIds = body.roleIds;
          if (!Array.isArray(roleIds) || !roleIds.length || !roleIds.every((r) => typeof r === "string")) {
            return resources.fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                { code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" },
              ]),
            );
          }
          const groupId = lower(ctx.params.groupId);
          if (!itwin.groupMembers.has(groupId)) return resources.fail(ctx.res, errors.teamMemberNotFound());
          const wanted = (roleIds as string[]).map(lower);
          if (wanted.some((r) => !itwin.roles.has(r))) return resources.fail(ctx.res, errors.roleNotFound());
          itwin.groupMembers.set(groupId, [...new Set(wanted)]);
          respond.json(ctx.res, 200, { member: store.memberView(itwin, groupId) });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "members", "groups"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = resources.itwinFor(ctx);
          if (!itwin) return;
          const asked = pageRequest(ctx.req, "InvalidiTwinsMemberRequest");
          if ("status" in asked) return resources.fail(ctx.res, asked);
          // A Map keeps the order memberships were added in: stable from one page to the next.
          const members = [...itwin.groupMembers.keys()].flatMap((groupId) => store.memberView(itwin, groupId) ?? []);
          respond.json(ctx.res, 200, page(ctx.req, "members", members, asked));
        },
        POST: async (ctx) => {
          const itwin = resources.itwinAllowing(ctx, permissions.inviteMember);
          if (!itwin) return;
          const body = await resources.jsonBody(ctx, "InvalidiTwinsMemberRequest");
          if (!body) return;
          const members = body.members;
          const valid =
            Array.isArray(members) &&
            members.length > 0 &&
            members.every(
              (m: unknown) =>
                !!m &&
                typeof (m as { groupId?: unknown }).groupId === "string" &&
                Array.isArray((m as { roleIds?: unknown }).roleIds) &&
                (m as { roleIds: unknown[] }).roleIds.length > 0 &&
                (m as { roleIds: unknown[] }).roleIds.every((r) => typeof r === "string"),
            );
          if (!valid) {
            return resources.fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                {
                  code: "InvalidValue",
                  message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
                  target: "members",
                },
              ]),
            );
          }
          const wanted = (members as { groupId: string; roleIds: string[] }[]).map((m) => ({
            groupId: m.groupId.toLowerCase(),
            roleIds: m.roleIds.map((r) => r.toLowerCase()),
          }));
          if (wanted.reduce((n, m) => n + m.roleIds.length, 0) > 50) {
            return resources.fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                {
                  code: "InvalidValue",
                  message: "At most 50 role assignments may be made at once.",
                  target: "members",
                },
              ]),
            );
          }
          if (wanted.some((m) => !itwin.groups.has(m.groupId))) return resources.fail(ctx.res, errors.groupNotFound());
          if (wanted.some((m) => m.roleIds.some((r) => !itwin.roles.has(r))))
            return resources.fail(ctx.res, errors.roleNotFound());
          for (const m of wanted) store.addGroupMember(itwin, m.groupId, m.roleIds);
          respond.json(ctx.res, 201, { members: wanted.map((m) => store.memberView(itwin, m.groupId)) });
        },
      },
    },
  ];
}
