import { expect, test } from "@playwright/test";
import { UnsecuredJWT } from "jose";
import { configurationFault } from "../../src/auth/token-standing";

// A granted identity refused with 401 is skipped only when its token is the configuration's fault; a live token of
// the admin's issuer refused with 401 is the target's refusal, and fails the check.

const now = Date.parse("2026-12-02T10:00:00Z");
const jwt = (claims: { iss?: string; exp?: number }) => new UnsecuredJWT(claims).encode();
const admin = jwt({ iss: "https://ims.example", exp: now / 1000 + 3600 });

const cases: [string, string, string, string | undefined][] = [
  ["a live token of the admin's issuer", jwt({ iss: "https://ims.example", exp: now / 1000 + 60 }), admin, undefined],
  ["an expired token", jwt({ iss: "https://ims.example", exp: now / 1000 - 1 }), admin, "it has expired"],
  [
    "an opaque token",
    "not-a-jwt",
    admin,
    "it is not a JWT whose claims the suite can read, so whether it is valid cannot be told",
  ],
  [
    "a token of another issuer",
    jwt({ iss: "https://other.example", exp: now / 1000 + 60 }),
    admin,
    "its issuer is not the admin token's (https://ims.example)",
  ],
  [
    "an admin token without an issuer",
    jwt({ iss: "https://ims.example" }),
    jwt({}),
    "the admin's token names no issuer to compare it with",
  ],
];

for (const [title, token, adminToken, fault] of cases) {
  test(`${title}: ${fault ?? "no configuration fault"}`, () => {
    expect(configurationFault(token, adminToken, now)).toBe(fault);
  });
}
