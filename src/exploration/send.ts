/** Sends a drawn-up request of the model as the operation under test, each part as written. */
import type { ApiClient } from "../client/api-client";
import type { Exchange } from "../client/exchange";
import type { Draft } from "./model";

export function sendDraft(api: ApiClient, draft: Draft): Promise<Exchange> {
  // fetch cannot send a body with HEAD; such a request goes without it.
  const body = draft.method === "HEAD" ? undefined : draft.body;
  return api.send("removeItwinGroupMember", {
    params: { id: draft.itwin, groupId: draft.group },
    raw: true,
    method: draft.method,
    ...(draft.authorization === undefined ? {} : { authorization: draft.authorization }),
    ...(draft.authorizationSetting ? { authorizationSetting: draft.authorizationSetting } : {}),
    ...(draft.query === undefined ? {} : { query: draft.query }),
    headers: draft.headers,
    ...(body === undefined ? {} : { rawBody: body }),
  });
}
