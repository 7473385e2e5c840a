/**
 * The identities beside the admin's, declared once. Each is a trio of
 * settings (a token, or a client with its secret for the client-credentials
 * grant, through the admin's token URL and scope); its settings, their
 * checks, its token in the run context and in global setup, its redaction,
 * the embedded target's token for it and the skip message of its checks all
 * derive from its entry here.
 */

/** The declaration of one identity. */
export interface IdentityDeclaration<Key extends string = string, Prefix extends string = string> {
  /** Its name in the run context and as the caller of its exchanges. */
  key: Key;
  /** Its settings are CONFORMANCE_<prefix>_TOKEN, _CLIENT_ID and _CLIENT_SECRET; its flags --<prefix>-token, …. */
  prefix: Prefix;
  /** Who it is, after "a token of". */
  who: string;
  /** What it is for, in parentheses after "optional: ". */
  purpose: string;
  /** What the suite expects of it, a sentence, for the settings' details. */
  expectation: string;
  /** Who it may not be when it is the admin's: "give a token of …". */
  notTheAdmin: string;
  /** Its client as a token endpoint's refusal names it. */
  client: string;
}

function identity<const Key extends string, const Prefix extends string>(
  declaration: IdentityDeclaration<Key, Prefix>,
): IdentityDeclaration<Key, Prefix> {
  return declaration;
}

/** In the order of the help. */
export const identities = [
  identity({
    key: "unprivileged",
    prefix: "UNPRIVILEGED",
    who: "an identity that can see the iTwin but lacks administration_remove_member",
    purpose: "the authorization checks",
    expectation: "Its removal must be refused and change nothing; unset, the authorization checks are skipped.",
    notTheAdmin: "an identity without administration_remove_member",
    client: "the unprivileged client",
  }),
  identity({
    key: "remover",
    prefix: "REMOVER",
    who: "an identity that holds administration_remove_member through an iTwin role and is not an administrator",
    purpose: "the check that the permission suffices",
    expectation: "Its removal must answer 204 and end the membership; unset, that check is skipped.",
    notTheAdmin: "an identity that holds administration_remove_member without administering the iTwin",
    client: "the remover client",
  }),
  identity({
    key: "orgAdmin",
    prefix: "ORG_ADMIN",
    who: "an Organization Administrator of the organization that owns the iTwin who holds no role in it",
    purpose: "the check that organization administrators may remove",
    expectation: "Its removal must answer 204 and end the membership; unset, that check is skipped.",
    notTheAdmin: "an Organization Administrator without a role in the iTwin",
    client: "the organization administrator's client",
  }),
] as const;

export type Identity = (typeof identities)[number];
export type IdentityKey = Identity["key"];

/** The settings of one identity. */
export function identitySettingNames<Prefix extends string>({ prefix }: { prefix: Prefix }) {
  return {
    token: `CONFORMANCE_${prefix}_TOKEN`,
    clientId: `CONFORMANCE_${prefix}_CLIENT_ID`,
    clientSecret: `CONFORMANCE_${prefix}_CLIENT_SECRET`,
  } as const;
}

export function identityByKey<Key extends IdentityKey>(key: Key): Extract<Identity, { key: Key }> {
  return identities.find((i): i is Extract<Identity, { key: Key }> => i.key === key)!;
}

/** Why a check of `identity` is skipped while its settings are unset. */
export function unsetReason(identity: Identity): string {
  const { token, clientId, clientSecret } = identitySettingNames(identity);
  return `set ${token} to a token of ${identity.who}, or ${clientId} with ${clientSecret} to a client of it, to run this check`;
}
