import { canonicalId as lower, isGuid } from "../../core/ids";
import type { ServerResponse } from "node:http";
import { errors } from "../errors";
import type { Removal, RemovalHooks, RemovalRequest } from "../resources/members";
import { answers } from "../responder";
import { adminPermissions, permissions } from "../store";
import { hook } from "./switchboard";

const hasUppercase = (id: string) => /[A-F]/.test(id);

const unknownItwin = ({ store, sent, caller }: RemovalRequest) =>
  !store.visibleItwin(lower(sent.itwinId), caller.clientId);

/** The newest membership of the iTwin other than the one removed; never the seeded one, so which test ran first does not decide what a mutant does. */
const newestOtherMembership = ({ itwin, groupId, seededGroupId }: Removal) =>
  [...itwin.groupMembers.keys()].filter((id) => id !== groupId && id !== seededGroupId).pop();

/** Deviations of "Remove iTwin group member", at the points a removal passes. */
export const removalHooks: Omit<RemovalHooks, "groupId"> = {
  beforeChecks: [
    hook("long-id-answers-500", ({ sent }) =>
      Math.max(sent.itwinId.length, sent.groupId.length) > 256 ? answers.error(errors.internal()) : undefined,
    ),
    hook("uppercase-guid-answers-500", ({ sent, groupId }) =>
      hasUppercase(`${sent.itwinId}/${sent.groupId}`) && isGuid(groupId) ? answers.error(errors.internal()) : undefined,
    ),
    hook("ids-case-sensitive", ({ sent }) => {
      if (hasUppercase(sent.itwinId)) return answers.error(errors.itwinNotFound());
      if (hasUppercase(sent.groupId)) return answers.error(errors.groupNotFound());
      return undefined;
    }),
    hook("itwin-id-ignored", (request) => {
      if (!unknownItwin(request)) return undefined;
      const holder = [...request.store.itwins.values()].find((t) => t.groupMembers.has(request.groupId));
      if (!holder) return undefined;
      request.store.removeGroupMember(holder, request.groupId);
      return answers.noContent;
    }),
    hook("unknown-itwin-answers-204", (request) => (unknownItwin(request) ? answers.noContent : undefined)),
    hook("malformed-id-answers-500", ({ groupId }) => (isGuid(groupId) ? undefined : answers.error(errors.internal()))),
    // The removal is carried out first and the answer looked up after it: with a query string, the lookup of a
    // "filtered" membership finds none, and the 404 tells the client nothing was removed.
    hook("query-answers-404-after-removal", ({ store, sent, groupId }) => {
      if (!sent.query) return undefined;
      const itwin = store.itwins.get(lower(sent.itwinId));
      if (!itwin?.groupMembers.has(groupId)) return undefined;
      store.removeGroupMember(itwin, groupId);
      return answers.error(errors.teamMemberNotFound());
    }),
  ],
  unprivileged: [
    hook("unprivileged-can-remove", ({ itwin, groupId }) => (itwin.groupMembers.has(groupId) ? "allowed" : undefined)),
    hook("unprivileged-answers-403", () => errors.insufficientPermissions()),
    hook("unprivileged-answers-401", () => errors.notPermitted()),
  ],
  granted: [
    // An administrator here holds every permission of the iTwin; the organization's administrators hold none.
    hook("only-admins-remove", ({ store, itwin, caller }) =>
      store.can(itwin, caller.clientId, permissions.removeMember) &&
      !adminPermissions.every((p) => store.can(itwin, caller.clientId, p))
        ? errors.insufficientPermissions()
        : undefined,
    ),
    hook("org-admin-not-honoured", ({ store, itwin, caller }) =>
      store.can(itwin, caller.clientId, permissions.removeMember) ? undefined : errors.itwinNotFound(),
    ),
  ],
  unknownGroup: [
    hook("other-itwin-path-honoured", ({ store, itwin, groupId }) => {
      const holder = [...store.itwins.values()].find((t) => t !== itwin && t.groupMembers.has(groupId));
      if (!holder) return undefined;
      store.removeGroupMember(holder, groupId);
      return answers.noContent;
    }),
    hook("unknown-group-answers-204", () => answers.noContent),
    hook("echo-token-in-message", ({ token }) =>
      answers.error({ ...errors.groupNotFound(), message: `Requested group is not available to the token ${token}.` }),
    ),
    hook("unknown-group-answers-500", () => answers.error(errors.internal())),
  ],
  notAMember: [hook("non-member-answers-204", () => answers.noContent)],
  beforeRemoval: [
    hook("uppercase-guid-removes-another", ({ store, itwin, sent, groupId }) => {
      const other = [...itwin.groupMembers.keys()].reverse().find((id) => id !== groupId);
      if (!hasUppercase(sent.groupId) || !other) return undefined;
      store.removeGroupMember(itwin, other);
      return answers.noContent;
    }),
  ],
  effect: [
    hook("remove-does-nothing", () => true),
    hook("remove-deletes-group", ({ store, itwin, groupId }) => (store.deleteGroup(itwin, groupId), true)),
    hook("remove-ends-all-memberships", ({ itwin }) => (itwin.groupMembers.clear(), true)),
    hook("remove-ends-newest-membership-instead", (removal) => {
      const newest = newestOtherMembership(removal);
      if (!newest) return undefined;
      removal.store.removeGroupMember(removal.itwin, newest);
      return true;
    }),
    hook("remove-also-ends-newest-membership", (removal) => {
      const newest = newestOtherMembership(removal);
      if (!newest) return undefined;
      removal.store.removeGroupMember(removal.itwin, newest);
      removal.store.removeGroupMember(removal.itwin, removal.groupId);
      return true;
    }),
  ],
  answer: [
    hook("remove-answers-200-with-body", ({ groupId }) => answers.json(200, { removed: groupId })),
    hook("remove-answers-202", () => answers.json(202, {})),
    hook("remove-204-with-content", () => answers.raw(noContentAnnouncingContent)),
    hook("remove-204-with-bytes", () => answers.raw(noContentThenBytes)),
  ],
};

/** remove-204-with-content: node sends no body with a 204 whatever the headers say, so only the headers lie. */
function noContentAnnouncingContent(res: ServerResponse): void {
  res.writeHead(204, { "Content-Type": "application/json", "Content-Length": "2" });
  res.end();
}

/** remove-204-with-bytes: a 204 followed by bytes no header announces, written to the socket since node would not send them. */
function noContentThenBytes(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return void res.end();
  res.detachSocket(socket);
  socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n{"removed":true}');
}
