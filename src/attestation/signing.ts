/**
 * Signing a run's statement: a DSSE envelope over the statement, in a
 * Sigstore bundle (v0.3) whose verification material is a public key hint,
 * the form Sigstore's and GitHub's attestation tools read. Signing is
 * node:crypto's Ed25519 over DSSE's pre-authentication encoding, taken from
 * @sigstore/core so that the bytes signed are the ones Sigstore verifies.
 */
import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import { dsse } from "@sigstore/core";
import { statementPayloadType } from "./statement";

export const bundleFileName = "conformance.sigstore.json";
export const bundleMediaType = "application/vnd.dev.sigstore.bundle.v0.3+json";

export interface SigstoreBundle {
  mediaType: typeof bundleMediaType;
  verificationMaterial: {
    publicKey: { hint: string };
    tlogEntries: [];
    timestampVerificationData: { rfc3161Timestamps: [] };
  };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] };
}

/** A key's problem, said so that the person who gave it knows what to change. */
export class KeyError extends Error {}

/** A key given as PEM text; anything else is refused with what it looked like. */
function keyFromPem<T extends KeyObject>(pem: string, kind: "private" | "public", what: string): T {
  let key: KeyObject;
  try {
    key = kind === "private" ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    throw new KeyError(`${what} is not a PEM ${kind} key`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new KeyError(
      `${what} is an ${(key.asymmetricKeyType ?? "unknown").toUpperCase()} key; an Ed25519 key is needed`,
    );
  return key as T;
}

export const privateKeyFromPem = (pem: string, what: string): KeyObject => keyFromPem(pem, "private", what);
export const publicKeyFromPem = (pem: string, what: string): KeyObject => keyFromPem(pem, "public", what);

/** The key's hint: the SHA-256 of its SubjectPublicKeyInfo, as Sigstore names a key it does not carry. */
export function keyHint(key: KeyObject): string {
  const spki = (key.type === "private" ? createPublicKey(key) : key).export({ type: "spki", format: "der" });
  return createHash("sha256").update(spki).digest("hex");
}

export function signStatement(statement: Buffer, privateKey: KeyObject): SigstoreBundle {
  const signature = sign(null, dsse.preAuthEncoding(statementPayloadType, statement), privateKey);
  const hint = keyHint(privateKey);
  return {
    mediaType: bundleMediaType,
    verificationMaterial: {
      publicKey: { hint },
      tlogEntries: [],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    dsseEnvelope: {
      payload: statement.toString("base64"),
      payloadType: statementPayloadType,
      signatures: [{ sig: signature.toString("base64"), keyid: hint }],
    },
  };
}
