import { expect, test } from "@playwright/test";
import { describeExchange } from "../../src/client/exchange";
import { redact, registerSecret } from "../../src/core/secrets";

test("a registered secret is redacted wherever it appears", () => {
  registerSecret("canary-secret-0123456789");
  expect(redact("token canary-secret-0123456789 and again canary-secret-0123456789")).toBe(
    "token [REDACTED] and again [REDACTED]",
  );
});

test("anything shaped like a JWT is redacted, registered or not", () => {
  const jwt = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";
  expect(redact(`Invalid token: ${jwt}.`)).toBe("Invalid token: [REDACTED JWT].");
});

test("a response body that echoes the token is redacted in failure messages", () => {
  registerSecret("echoed-token-abcdefgh");
  const text = describeExchange({
    operationId: "removeItwinGroupMember",
    method: "DELETE",
    url: "http://127.0.0.1:1/x",
    status: 401,
    headers: { "content-type": "application/json" },
    text: JSON.stringify({ error: { code: "InvalidToken", message: "Bearer echoed-token-abcdefgh is not valid" } }),
  });
  expect(text).not.toContain("echoed-token-abcdefgh");
  expect(text).toContain("[REDACTED]");
});

test("short values are not registered: they would redact ordinary words", () => {
  registerSecret("abc");
  expect(redact("abc")).toBe("abc");
});
