import type { Exchange } from "../../src/client/exchange";

/** One removal's URL, for the tests that judge a single exchange of it. */
export const itwinId = "4caed38b-9823-453f-8290-e9dd2b591174";
export const groupId = "0b6f5e8e-3c9a-4d51-9a7e-2f1c8d4b6a10";
export const base = "https://target.test/accesscontrol";
export const url = `${base}/itwins/${itwinId}/members/groups/${groupId}`;

/** The removal's answer with `status`, no headers and no body, unless `over` gives them. */
export const removalAnswer = (status: number, over: Partial<Exchange> = {}): Exchange => ({
  operationId: "removeItwinGroupMember",
  method: "DELETE",
  url,
  status,
  headers: {},
  text: "",
  ...over,
});
