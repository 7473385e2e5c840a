import type { IncomingMessage } from "node:http";
import { canonicalId } from "../../core/ids";
import { errors, type ApiError } from "../errors";
import type { Removal } from "../resources/members";
import { answers, type Answer } from "../responder";
import { memberPathIds } from "./exploration-requests";
import { hook, type Hooks } from "./switchboard";

// Mutants only a sequence reaches: each breaks on a membership of one shape or
// history (several roles, updated, removed and added again, two removals at
// once) that the fixed checks never make. They keep what they need of the
// history per service instance.

/** How long the removal of the concurrent-removals mutant spends between its check and its write. */
export const concurrentRemovalWindowMs = 40;

const membershipKey = (itwinId: string, groupId: string) => `${canonicalId(itwinId)}/${canonicalId(groupId)}`;

const decodedKey = (ids: { itwinId: string; groupId: string }): string | undefined => {
  try {
    return membershipKey(decodeURIComponent(ids.itwinId), decodeURIComponent(ids.groupId));
  } catch {
    return undefined;
  }
};

export interface MembershipHistoryHooks {
  /** Before routing: watches the requests that change a membership, acting on none. */
  observe: Hooks<[IncomingMessage], ApiError>;
  beforeRemoval: Hooks<[Removal], Answer>;
  effect: Hooks<[Removal], true>;
}

/** The hooks of one service instance's mutants of membership history, sharing what they saw. */
export function membershipHistoryHooks(): MembershipHistoryHooks {
  /** Memberships whose roles an update (PATCH) was sent for. */
  const updated = new Set<string>();
  /** Memberships this operation removed once. */
  const removedBefore = new Set<string>();
  /** Memberships whose removal is under way. */
  const inFlight = new Set<string>();
  const keyOf = ({ itwin, groupId }: Removal) => membershipKey(itwin.id, groupId);

  return {
    observe: [
      hook("updated-membership-answers-500", (req): ApiError | undefined => {
        const ids = req.method === "PATCH" ? memberPathIds(req.url ?? "") : undefined;
        const key = ids && decodedKey(ids);
        if (key) updated.add(key);
        return undefined;
      }),
    ],
    beforeRemoval: [
      // The removal deletes "the" role assignment of the membership, and a query that expects one row throws on two.
      hook("multi-role-member-answers-500", ({ itwin, groupId }) =>
        (itwin.groupMembers.get(groupId)?.length ?? 0) > 1 ? answers.error(errors.internal()) : undefined,
      ),
      // The removal matches the role assignments the membership was added with; an update changed them, and it throws.
      hook("updated-membership-answers-500", (removal) =>
        updated.has(keyOf(removal)) ? answers.error(errors.internal()) : undefined,
      ),
      // Check, then a slow write: a second removal of the same membership meanwhile finds it going and throws.
      hook(
        "concurrent-removals-answer-500",
        (removal) => {
          const key = keyOf(removal);
          if (inFlight.has(key)) return answers.error(errors.internal());
          inFlight.add(key);
          return answers.raw((res) => {
            setTimeout(() => {
              inFlight.delete(key);
              removal.store.removeGroupMember(removal.itwin, removal.groupId);
              res.writeHead(204);
              res.end();
            }, concurrentRemovalWindowMs);
          });
        },
        // Only the 500 changes an answer: the slow removal answers as the service does.
        (answer) => answer.kind === "error",
      ),
    ],
    effect: [
      // A removal marks the membership's row removed; adding the group again makes a new row, which a later removal never finds.
      hook("readded-membership-stays", (removal) => {
        const key = keyOf(removal);
        if (removedBefore.has(key)) return true;
        removedBefore.add(key);
        return undefined;
      }),
    ],
  };
}
