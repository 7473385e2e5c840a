import type { AuthenticationHooks } from "../pipeline/authenticate";
import type { RateLimitHooks } from "../pipeline/rate-limit";
import type { RefusalHooks } from "../pipeline/reject";
import type { RoutingHooks } from "../pipeline/router";
import type { ItwinHooks } from "../pipeline/route-stages";
import type { RemovalHooks } from "../resources/members";
import type { AnswerHooks } from "../responder";
import { answerHooks } from "./answers";
import { authenticationHooks, refusalHooks } from "./authentication";
import { credentialHooks, groupIdHooks, requestPartHooks, verificationHooks } from "./exploration-requests";
import { membershipHistoryHooks } from "./exploration-state";
import { itwinHooks } from "./itwins";
import { rateLimitAnswerHooks, rateLimitHooks } from "./rate-limit";
import { removalHooks } from "./removal";
import { routingHooks } from "./routing";
import type { DeviationName, Hooks } from "./switchboard";

/** The hooks of every mutant and variant, by the part of the service whose points they act at. */
export interface DeviationHooks {
  routing: RoutingHooks;
  authentication: AuthenticationHooks;
  refusals: RefusalHooks;
  rateLimit: RateLimitHooks;
  itwins: ItwinHooks;
  removal: RemovalHooks;
  answers: AnswerHooks;
}

/** The hooks of one service instance: some deviations keep state of their own. */
export function deviationHooks(): DeviationHooks {
  const history = membershipHistoryHooks();
  return {
    routing: {
      ...routingHooks,
      beforeRouting: [...routingHooks.beforeRouting, ...requestPartHooks, ...history.observe],
    },
    authentication: {
      ...authenticationHooks,
      before: [...authenticationHooks.before, ...credentialHooks],
      unverified: [...authenticationHooks.unverified, ...verificationHooks],
    },
    refusals: refusalHooks,
    rateLimit: rateLimitHooks(),
    itwins: itwinHooks,
    removal: {
      ...removalHooks,
      groupId: groupIdHooks,
      beforeRemoval: [...removalHooks.beforeRemoval, ...history.beforeRemoval],
      effect: [...removalHooks.effect, ...history.effect],
    },
    answers: { ...answerHooks, ...rateLimitAnswerHooks },
  };
}

/** Every deviation that acts at some point: a deviation of the catalogs missing here could never change an answer. */
export function hookedDeviations(hooks: DeviationHooks = deviationHooks()): Set<DeviationName> {
  const points = Object.values(hooks).flatMap((part: Record<string, Hooks<never, unknown>>) => Object.values(part));
  return new Set(points.flatMap((point) => point.map((h) => h.deviation)));
}
