/**
 * Deliberate deviations the reference service can be started with, each
 * breaking exactly one documented behaviour. They exist to prove that the
 * suite notices: a run against a faulty service must fail the named
 * requirement. Turned on per instance (`faults` option, or REFERENCE_FAULTS
 * for the standalone service), never by editing code.
 */
export const faultCatalog = {
  "remove-answers-200-with-body": {
    description: "A valid removal answers 200 with a JSON body instead of 204.",
    breaks: ["REMOVE-204"],
  },
  "remove-does-nothing": {
    description: "A valid removal answers 204 but the membership stays.",
    breaks: ["REMOVE-MEMBERSHIP-GONE"],
  },
  "not-found-before-auth": {
    description: "An unknown iTwin or group is answered 404 before the credentials are looked at.",
    breaks: ["AUTH-BEFORE-EXISTENCE"],
  },
  "429-without-retry-after": {
    description: "A 429 carries no Retry-After header.",
    breaks: ["RATE-LIMIT-RETRY-AFTER"],
  },
  "error-without-message": {
    description: "Error bodies lack error.message.",
    breaks: ["ERROR-SCHEMA"],
  },
} as const satisfies Record<string, { description: string; breaks: string[] }>;

export type FaultName = keyof typeof faultCatalog;

export function parseFaults(list: string | undefined): Set<FaultName> {
  const names = (list ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in faultCatalog));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(", ")}; known: ${Object.keys(faultCatalog).join(", ")}`);
  return new Set(names as FaultName[]);
}
