import { randomUUID } from "node:crypto";
import { ApiClient } from "../client/api-client";
import { errorCode, type Exchange } from "../client/exchange";
import { alternateBaseUrl, apiNotFoundCodes, foreignAnswer, quoteAnswer } from "../client/foreign-answer";
import { TargetUnavailableError } from "../core/errors";

/**
 * Whether the preflight's lookup (GET a group member) was answered as the
 * API answers it: a member, a refusal of the credential, a 429, or a 404
 * with one of the API's not-found codes. Anything else may be a wrong base
 * URL, or an implementation that lacks the lookup or answers it wrongly.
 */
export function recognisedLookup(answer: Exchange): boolean {
  if (foreignAnswer(answer)) return false;
  if ([200, 401, 403, 429].includes(answer.status)) return true;
  return answer.status === 404 && apiNotFoundCodes.includes(errorCode(answer) ?? "");
}

/** The lookup answered as the API answers it, strictly: what makes another base URL the one to use. */
function answersLikeTheApi(answer: Exchange): boolean {
  if (foreignAnswer(answer)) return false;
  return answer.status === 200 || (answer.status === 404 && apiNotFoundCodes.includes(errorCode(answer) ?? ""));
}

/**
 * After a lookup the target did not answer as the API does: the setup's
 * mistake, as a message naming CONFORMANCE_BASE_URL, when it is certainly
 * one; otherwise undefined, and the target is judged. Certain are a base URL
 * whose `/accesscontrol` added or removed answers like the API, and a target
 * that answers neither the lookup nor the operation under test with anything
 * the API could send (a page, a redirect, an empty body), with a credential
 * and without one alike. A target that answers JSON, however wrongly, that
 * refuses a request without a credential otherwise than one with it, or that
 * implements only the operation under test, gets its verdict.
 */
export async function wrongTarget(
  api: ApiClient,
  baseUrl: string,
  params: { id: string; groupId: string },
  lookup: Exchange,
): Promise<string | undefined> {
  const quoted = quoteAnswer(lookup, baseUrl, foreignAnswer(lookup));
  const alternate = alternateBaseUrl(baseUrl);
  const other = await answerOrUndefined(() =>
    api.with({ baseUrl: alternate }).send("getItwinGroupMember", { params: { ...params, groupId: randomUUID() } }),
  );
  if (other && answersLikeTheApi(other)) {
    return (
      `CONFORMANCE_BASE_URL ${baseUrl} does not answer like the Access Control API: ${quoted}. ` +
      `${alternate} does (${quoteAnswer(other, alternate)}): set CONFORMANCE_BASE_URL=${alternate}`
    );
  }
  if (!foreignAnswer(lookup)) return undefined;
  // Perhaps a mock of the operation alone: its own answer decides. The group is new, so nothing is removed.
  const removal = { params: { ...params, groupId: randomUUID() } };
  const withToken = await answerOrUndefined(() => api.send("removeItwinGroupMember", removal));
  if (withToken && !foreignAnswer(withToken)) return undefined;
  // An implementation that tells a credential from none (401 without it) is one, however it writes its errors.
  const withoutToken = await answerOrUndefined(() =>
    api.send("removeItwinGroupMember", { ...removal, authorization: null }),
  );
  if (withToken && withoutToken && withToken.status !== withoutToken.status) return undefined;
  const removalQuoted = withToken ? `; ${quoteAnswer(withToken, baseUrl, foreignAnswer(withToken))}` : "";
  return (
    `CONFORMANCE_BASE_URL ${baseUrl} does not answer like the Access Control API, which answers JSON: ${quoted}${removalQuoted}. ` +
    "Check that it is the API's base URL (such as https://qa-api.bentley.com/accesscontrol), not a sign-in page, a portal or another service"
  );
}

async function answerOrUndefined(send: () => Promise<Exchange>): Promise<Exchange | undefined> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof TargetUnavailableError) return undefined;
    throw error;
  }
}
