/**
 * Signing a run's statement: a DSSE envelope over the statement, in a
 * Sigstore bundle (v0.3) whose verification material is a public key hint,
 * the form Sigstore's and GitHub's attestation tools read. Signing is
 * node:crypto's Ed25519 over DSSE's pre-authentication encoding, taken from
 * @sigstore/core so that the bytes signed are the ones Sigstore verifies.
 */
import { createHash, createPublicKey, sign, type KeyObject } from "node:crypto";
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
