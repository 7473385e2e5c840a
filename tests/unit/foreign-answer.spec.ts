import { expect, test } from "@playwright/test";
import type { Exchange } from "../../src/client/exchange";
import { alternateBaseUrl, foreignAnswer, missingRoute } from "../../src/client/foreign-answer";

const answer = (status: number, text: string, headers: Record<string, string> = {}): Exchange => ({
  operationId: "createItwinRole",
  method: "POST",
  url: "http://127.0.0.1:1/accesscontrol/itwins/x/roles",
  status,
  headers,
  text,
});
const json = { "content-type": "application/json" };

test("the other base URL a user may have meant: /accesscontrol added, or one removed", () => {
  expect(alternateBaseUrl("https://qa-api.bentley.com")).toBe("https://qa-api.bentley.com/accesscontrol");
  expect(alternateBaseUrl("https://qa-api.bentley.com/")).toBe("https://qa-api.bentley.com/accesscontrol");
  expect(alternateBaseUrl("https://qa-api.bentley.com/accesscontrol")).toBe("https://qa-api.bentley.com");
  expect(alternateBaseUrl("http://h/accesscontrol/accesscontrol")).toBe("http://h/accesscontrol");
});

test("answers no deployment of the API gives: a redirect, an HTML page, an empty body, a body that is not JSON", () => {
  expect(foreignAnswer(answer(302, "", { location: "https://login/x" }))).toBe("a redirect to https://login/x");
  expect(foreignAnswer(answer(404, ""))).toBe("an empty body");
  expect(foreignAnswer(answer(200, "<html><title>Sign in</title></html>", { "content-type": "text/html" }))).toBe(
    'an HTML page titled "Sign in"',
  );
  expect(foreignAnswer(answer(500, "oops", { "content-type": "text/plain" }))).toBe(
    "a body that is not JSON (content-type: text/plain)",
  );
});

test("a JSON answer, however wrong, and a 2xx without a body are the API's to judge", () => {
  expect(foreignAnswer(answer(404, '{"error":{"code":"NotFound"}}', json))).toBeUndefined();
  expect(foreignAnswer(answer(500, "{}", json))).toBeUndefined();
  expect(foreignAnswer(answer(204, ""))).toBeUndefined();
});

test("a missing route: a 405, or a 404 that no not-found code of the API explains", () => {
  expect(missingRoute(answer(405, '{"error":{"code":"MethodNotAllowed"}}', json))).toBe("405 Method Not Allowed");
  expect(missingRoute(answer(404, '{"error":{"code":"NotFound"}}', json))).toBe(
    "404 with code NotFound, which is none of the API's",
  );
  expect(missingRoute(answer(404, '{"message":"Resource not found"}', json))).toBe(
    "404 with no error code, which is none of the API's",
  );
  expect(missingRoute(answer(404, '{"error":{"code":"ItwinNotFound"}}', json))).toBeUndefined();
  expect(missingRoute(answer(403, '{"error":{"code":"InsufficientPermissions"}}', json))).toBeUndefined();
});
