import { apiBaseUrl, bearerToken, guid, oneOf, switchOn, text } from "./parsers";
import type { Setting } from "./declaration";

/** The settings of the target: where it is, the admin identity, and the data the suite works with. */

export const defaultTokenUrl = "https://ims.bentley.com/connect/token";
export const defaultScope = "itwin-platform";
/** The production deployment: a run against it must be asked for explicitly. */
export const productionHost = "api.bentley.com";

/** In the order of the help. */
export const targetSettings = [
  {
    name: "CONFORMANCE_BASE_URL",
    flag: "--base-url",
    placeholder: "<url>",
    kind: "url",
    parse: apiBaseUrl,
    refuseEmpty: true,
    description: "API base of the target; unset runs the embedded reference service",
    details: "For example a staging deployment or a vendor's mock. The embedded service listens on loopback.",
    example: "https://qa-api.bentley.com/accesscontrol",
  },
  {
    name: "CONFORMANCE_ITWIN_ID",
    flag: "--itwin-id",
    placeholder: "<guid>",
    kind: "guid",
    parse: guid,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "the iTwin the suite works in (required with CONFORMANCE_BASE_URL)",
    details: "With CONFORMANCE_FIXTURES=manifest the manifest may name it instead.",
  },
  {
    name: "CONFORMANCE_TOKEN",
    flag: "--token",
    placeholder: "<token>",
    kind: "token",
    parse: bearerToken,
    secret: true,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "bearer token (without 'Bearer ') of an identity that administers the iTwin",
    details: "The suite creates and deletes its own groups and role there.",
  },
  {
    name: "CONFORMANCE_CLIENT_ID",
    flag: "--client-id",
    placeholder: "<id>",
    kind: "text",
    parse: text,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "client id for the client-credentials grant (instead of CONFORMANCE_TOKEN)",
    details:
      "The suite fetches a token once per run and a new one before it expires. " +
      "A token endpoint that refuses the client stops the run (exit 2).",
  },
  {
    name: "CONFORMANCE_CLIENT_SECRET",
    flag: "--client-secret",
    placeholder: "<secret>",
    kind: "secret",
    parse: text,
    secret: true,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "client secret for the client-credentials grant",
  },
  {
    name: "CONFORMANCE_TOKEN_URL",
    flag: "--token-url",
    placeholder: "<url>",
    kind: "url",
    // Checked as a URL where a grant uses it: set beside a static token, its only problem is being set.
    parse: text,
    default: defaultTokenUrl,
    needsExternalTarget: true,
    description: `token endpoint of the client-credentials grant (default ${defaultTokenUrl})`,
  },
  {
    name: "CONFORMANCE_SCOPE",
    flag: "--scope",
    placeholder: "<scope>",
    kind: "text",
    parse: text,
    default: defaultScope,
    needsExternalTarget: true,
    description: `scope asked for in the client-credentials grant (default ${defaultScope})`,
  },
  {
    name: "CONFORMANCE_FIXTURES",
    flag: "--fixtures",
    placeholder: "<api|manifest>",
    kind: "choice",
    parse: oneOf(["api", "manifest"]),
    default: "api",
    description: "api (default): create the suite's own data; manifest: use the ids of CONFORMANCE_MANIFEST",
    details:
      "With api the suite creates its groups and role through the sibling operations and deletes them again. " +
      "manifest is for a target that cannot create data; the checks that need state the manifest cannot give are skipped.",
  },
  {
    name: "CONFORMANCE_MANIFEST",
    // The run context's `manifest` is the manifest read from this file.
    key: "manifestPath",
    flag: "--manifest",
    placeholder: "<file>",
    kind: "path",
    parse: text,
    needsExternalTarget: true,
    refuseEmpty: true,
    description: "JSON or YAML file of ids to use, with CONFORMANCE_FIXTURES=manifest",
    details: "Its schema is specs/manifest.schema.json.",
    example: "conformance-manifest.yaml",
  },
  {
    name: "CONFORMANCE_ALLOW_PRODUCTION",
    flag: "--allow-production",
    switchValue: "1",
    kind: "switch",
    parse: switchOn("1"),
    description: `1: allow a run against the production host ${productionHost}`,
    details:
      "The production host is refused otherwise. Even then the rate-limit probe runs only with an explicit " +
      "CONFORMANCE_RATE_LIMIT_BUDGET.",
  },
  {
    name: "CONFORMANCE_IMPLEMENTATION_NAME",
    flag: "--implementation-name",
    placeholder: "<name>",
    kind: "text",
    parse: text,
    description: "the name of the implementation under test, for the reports and the certificate",
    details:
      "Optional: conformance.json's implementation.name and the certificate's first lines. " +
      "Unset, the certificate says the implementation is not named.",
    example: "my-access-control-mock",
  },
  {
    name: "CONFORMANCE_IMPLEMENTATION_VERSION",
    flag: "--implementation-version",
    placeholder: "<version>",
    kind: "text",
    parse: text,
    description: "the version of the implementation under test, for the reports and the certificate",
    details: "Optional: conformance.json's implementation.version, shown beside the name.",
    example: "1.4.2",
  },
] as const satisfies readonly Setting[];
