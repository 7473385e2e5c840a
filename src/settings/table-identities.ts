import { bearerToken, guid, text } from "./parsers";
import type { Setting } from "./declaration";
import { identities, identitySettingNames, type IdentityDeclaration } from "./identities";

/**
 * The settings that turn on optional checks: the test tokens, the identities
 * beside the admin's (each a trio derived from src/settings/identities.ts),
 * and another iTwin.
 */

/** An identity's three settings: its token, or its client and secret (with the admin's token URL and scope). */
function identitySettings<const Prefix extends string>(identity: IdentityDeclaration<string, Prefix>) {
  const { token, clientId, clientSecret } = identitySettingNames(identity);
  const flag = `--${identity.prefix.toLowerCase().replace(/_/g, "-")}` as const;
  return [
    {
      name: token,
      flag: `${flag}-token`,
      placeholder: "<token>",
      kind: "token",
      parse: bearerToken,
      secret: true,
      needsExternalTarget: true,
      description: `a token of ${identity.who} (optional: ${identity.purpose})`,
      details: identity.expectation,
    },
    {
      name: clientId,
      flag: `${flag}-client-id`,
      placeholder: "<id>",
      kind: "text",
      parse: text,
      needsExternalTarget: true,
      description: `instead of ${token}: a client of such an identity, for the client-credentials grant (same token URL and scope)`,
      details: "For unattended runs: its token is fetched once per run and again before it expires.",
    },
    {
      name: clientSecret,
      flag: `${flag}-client-secret`,
      placeholder: "<secret>",
      kind: "secret",
      parse: text,
      secret: true,
      needsExternalTarget: true,
      description: "that client's secret",
    },
  ] as const satisfies readonly Setting[];
}

const [unprivileged, remover, orgAdmin] = identities;

/** In the order of the help. */
export const optionalSettings = [
  {
    name: "CONFORMANCE_EXPIRED_TOKEN",
    flag: "--expired-token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    description: "an expired token from the target's issuer (optional)",
    details: "It checks that an expired credential is refused; unset, that one check is skipped.",
  },
  {
    name: "CONFORMANCE_NO_SCOPE_TOKEN",
    flag: "--no-scope-token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    description: "a token from the target's issuer without the itwin-platform scope (optional)",
    details: "A valid token, to check that it is refused for its scope; unset, that check is skipped.",
  },
  ...identitySettings(unprivileged),
  ...identitySettings(remover),
  ...identitySettings(orgAdmin),
  {
    name: "CONFORMANCE_OTHER_ITWIN_ID",
    flag: "--other-itwin-id",
    placeholder: "<guid>",
    kind: "guid",
    parse: guid,
    needsExternalTarget: true,
    description: "another iTwin the admin identity administers (optional: the isolation check)",
    details:
      "A removal through its path of a group that is a member only of CONFORMANCE_ITWIN_ID must be 404 and " +
      "remove nothing; unset, the isolation check is skipped.",
  },
] as const satisfies readonly Setting[];
