/**
 * The classes of the Authorization header: the admin's token in every form
 * RFC 9110 §11 makes equal, and the credentials that must be refused
 * (garbage, non-JWT, truncated, tampered, unsigned, foreign-signed, another
 * scheme), including what clients and gateways produce by mistake.
 */
import type { Draft, ModelContext, Outcome, RequestClass } from "./model";

const invalid: Outcome = { kind: "refused", status: 401, requirement: "AUTH-INVALID-TOKEN" };
const sameCredential: Outcome = { kind: "equivalent", requirement: "AUTH-SCHEME-SYNTAX" };

/** A credential made from the admin's token; a replay names CONFORMANCE_TOKEN instead of the value. */
function fromToken(name: string, outcome: Outcome, write: (token: string, c: ModelContext, v: number) => string) {
  return {
    part: "authorization" as const,
    name,
    outcome,
    apply: (d: Draft, c: ModelContext, v: number) => {
      d.authorization = write(c.token, c, v);
      d.authorizationSetting = "CONFORMANCE_TOKEN";
    },
  };
}

function literal(name: string, outcome: Outcome, write: (c: ModelContext, v: number) => string): RequestClass {
  return {
    part: "authorization",
    name,
    outcome,
    apply: (d, c, v) => {
      d.authorization = write(c, v);
    },
  };
}

/** A JWT whose payload was changed after it was signed (one character of the payload flipped). */
function tampered(token: string): string {
  const [header, payload, signature] = token.split(".");
  if (payload === undefined || signature === undefined) return `${token}x`;
  const flip = payload[0] === "e" ? "f" : "e";
  return `${header}.${flip}${payload.slice(1)}.${signature}`;
}

export const authorizationClasses: RequestClass[] = [
  { part: "authorization", name: "the admin's bearer token", outcome: { kind: "valid" }, apply: () => {} },
  fromToken("the scheme in lower case (bearer)", sameCredential, (t) => `bearer ${t}`),
  fromToken("the scheme in upper case (BEARER)", sameCredential, (t) => `BEARER ${t}`),
  fromToken("several spaces after the scheme", sameCredential, (t, _, v) => `Bearer${" ".repeat(2 + (v % 3))}${t}`),
  {
    part: "authorization",
    name: "none",
    outcome: { kind: "refused", status: 401, requirement: "AUTH-MISSING-HEADER", code: "HeaderNotFound" },
    apply: (d: Draft) => {
      d.authorization = null;
    },
  },
  literal("an empty value", invalid, () => ""),
  literal("the scheme alone", invalid, () => "Bearer"),
  literal("garbage", invalid, (_, v) => ["Bearer not-a-token", "Bearer a.b.c", "Bearer ....", "Bearer %00"][v % 4]!),
  fromToken("the token truncated", invalid, (t) => `Bearer ${t.slice(0, Math.max(1, t.length - 12))}`),
  fromToken("the token with a character appended", invalid, (t) => `Bearer ${t}A`),
  fromToken("the token with its payload changed", invalid, (t) => `Bearer ${tampered(t)}`),
  fromToken("the token without its signature", invalid, (t) => `Bearer ${t.split(".").slice(0, 2).join(".")}.`),
  fromToken(
    "the token cut before its signature (header.payload)",
    invalid,
    (t) => `Bearer ${t.split(".").slice(0, 2).join(".")}`,
  ),
  // A client or gateway that writes the scheme in its own case, carrying a forged credential: both rules hold at once.
  literal("an unsigned JWT under the scheme in lower case", invalid, (c) => `bearer ${c.forged.unsigned}`),
  literal(
    "a JWT signed by an unknown key under the scheme in upper case",
    invalid,
    (c) => `BEARER ${c.forged.unknownKey}`,
  ),
  fromToken("the token in quotes", invalid, (t) => `Bearer "${t}"`),
  fromToken("the token without a scheme", invalid, (t) => t),
  fromToken("the token under another scheme (Token)", invalid, (t) => `Token ${t}`),
  fromToken("two credentials in one header", invalid, (t) => `Bearer ${t}, Bearer not-a-token`),
  literal("an unsigned JWT (alg: none)", invalid, (c) => `Bearer ${c.forged.unsigned}`),
  literal("a JWT signed by an unknown key", invalid, (c) => `Bearer ${c.forged.unknownKey}`),
  literal("the Basic scheme", invalid, () => "Basic Y29uZm9ybWFuY2U6c3VpdGU="),
];
