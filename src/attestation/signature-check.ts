/**
 * Checking a run's signature with Sigstore's own verifier (@sigstore/verify):
 * the bundle is read as Sigstore reads any bundle, and its DSSE signature is
 * checked against the public key the reader trusts. There is no
 * transparency log or timestamp in a key-signed bundle, so none is required.
 */
import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, toTrustMaterial, Verifier } from "@sigstore/verify";
import type { KeyObject } from "node:crypto";
import { keyHint } from "./signing";

const noAuthorities = {
  mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

/** Why the bundle does not hold for `publicKey`, or undefined when it does. Its payload is returned to compare. */
export function signatureProblem(bundleJson: unknown, publicKey: KeyObject): string | undefined {
  let bundle: ReturnType<typeof bundleFromJSON>;
  try {
    bundle = bundleFromJSON(bundleJson);
  } catch (error) {
    return `it is not a Sigstore bundle: ${error instanceof Error ? error.message : String(error)}`;
  }
  const trusted = keyHint(publicKey);
  const trust = toTrustMaterial(noAuthorities as never, (hint) => {
    if (hint !== trusted) throw new Error(`it was signed by the key ${hint.slice(0, 16)}…, not by the given key`);
    return { publicKey, validFor: () => true };
  });
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(toSignedEntity(bundle));
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return message.includes("not by the given key")
      ? message
      : `its signature does not hold for the given key (${message})`;
  }
}
