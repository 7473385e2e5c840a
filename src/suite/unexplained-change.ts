import type { RequirementId } from "../../generated/requirements";
import { canonicalId } from "../core/ids";
import type { Exchange } from "../client/exchange";

/**
 * A change of the target's state that the test's own requests do not
 * explain: a membership that ended though no request of the test addressed
 * it. It is a finding about the requirement that forbids it, whichever test
 * happens to observe it; the observing test's own requirement is not blamed.
 */
export class UnexplainedChange extends Error {
  override name = "UnexplainedChange";

  constructor(
    readonly requirement: RequirementId,
    message: string,
  ) {
    super(message);
  }
}

/** The requirement a membership that ended without a request addressed to it breaks. */
export const membershipEndedUnaddressed: RequirementId = "REMOVE-OTHERS-KEPT";

/** The requests of the operation under test that one test sent, by every identity: which groups they addressed. */
export class RequestLog {
  private readonly urls: string[] = [];

  record(exchange: Pick<Exchange, "url">): void {
    this.urls.push(exchange.url);
  }

  /** Whether any request named the group, in any letter case or escaping (a traversal that reaches it included). */
  addressed(groupId: string): boolean {
    const id = canonicalId(groupId);
    return this.urls.some((url) => canonicalId(decodedFully(url)).includes(id));
  }
}

function decodedFully(url: string): string {
  let current = url;
  for (let i = 0; i < 3; i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}
