/**
 * The keys of signed statements, read from PEM text: apart from signing.ts so
 * that reading the settings (which checks CONFORMANCE_SIGNING_KEY) does not
 * load Sigstore's libraries into every process of a run.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";

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
