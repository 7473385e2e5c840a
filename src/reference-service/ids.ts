import { createHash, randomUUID } from "node:crypto";

/** Makes the ids of a service instance: its iTwins, organization, groups and roles. */
export type IdSource = () => string;

/**
 * Random ids without a seed; with one, the same sequence of ids on every
 * start, so a script can hold on to them across restarts. Each id is the
 * SHA-256 of the seed and its position, shaped as a lower-case version 4
 * GUID (as randomUUID's are), so nothing downstream can tell them apart.
 */
export function idSource(seed?: string): IdSource {
  if (seed === undefined) return randomUUID;
  let next = 0;
  return () => guidFrom(createHash("sha256").update(`${seed}\n${next++}`).digest());
}

function guidFrom(digest: Buffer): string {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
