import { ProvisioningError } from "../core/errors";
import { operations } from "../../generated/operations";
import type { RequirementId } from "../../generated/requirements";
import type { Exchange } from "../client/exchange";
import { findingMessage, problemText, runChecks } from "./check";
import { missingRoute, quoteAnswer } from "../client/foreign-answer";
import { provisioningContractProblem } from "./provisioning-contract";
import { responseChecks } from "./response-checks";

const rateLimited = 429;

export interface FindingSink {
  /** Each response of the operation under test, before its checks run. */
  seen(exchange: Exchange): void;
  /** `exchange`: the response the finding is about, kept as its evidence. */
  violation(id: RequirementId, message: string, exchange: Exchange): void;
  held(id: RequirementId, exchange: Exchange): void;
}

/**
 * The response observer. Every response of the operation under test goes
 * through the response checks (runChecks, as in the proxy) and each result is recorded in `sink` (when
 * there is none, as in clean-up, nothing is judged). A response of a
 * provisioning operation that breaks the spec stops the caller with a
 * ProvisioningError; a 429 is not one of them, since the client waits it out
 * and asks again, and nothing is provisioned from its body.
 */
export function createObserver(sink: FindingSink | undefined): (exchange: Exchange) => void {
  return (exchange) => {
    const operation = operations[exchange.operationId];
    // Another method sent to the operation's URL (METHOD-NOT-ALLOWED's probe) is judged by its own test.
    if (exchange.method !== operation.method) return;
    if (operation.underTest) {
      if (!sink) return;
      sink.seen(exchange);
      for (const outcome of runChecks(responseChecks, exchange)) {
        if (outcome.held) sink.held(outcome.requirement, exchange);
        else sink.violation(outcome.requirement, findingMessage(outcome), exchange);
      }
      return;
    }
    if (exchange.status === rateLimited) return;
    const problem = provisioningContractProblem(exchange);
    if (problem) {
      const missing = missingRoute(exchange);
      throw new ProvisioningError(
        `provisioning response breaks the spec: ${problemText(problem, exchange)}`,
        undefined,
        missing && quoteAnswer(exchange, exchange.url.slice(0, exchange.url.indexOf("/itwins/")), missing),
      );
    }
  };
}
