import { ConfigError } from "../core/errors";
import { registerSecret } from "../core/secrets";
import { httpUrl } from "./parsers";
import { isPerTarget, type Setting } from "./declaration";
import {
  declared,
  knownSettings,
  productionHost,
  settingKey,
  type Declared,
  type SettingKey,
  type SettingName,
  type SettingValue,
} from "./table";
import { didYouMean, editDistance } from "../core/did-you-mean";
import { identities, identitySettingNames, type IdentityKey } from "./identities";

/**
 * The suite's configuration, read from the environment (and a .env file, which
 * never overrides a variable already set). Every problem is collected and
 * reported at once, as one ConfigError; the runner exits 2 on it.
 */

/** How the suite gets an identity's token on an external target (the admin's, or one of src/settings/identities.ts). */
export type Credentials =
  | { kind: "token"; token: string }
  | { kind: "client-credentials"; clientId: string; clientSecret: string; tokenUrl: string; scope: string };

export type FixtureSource = SettingValue<"CONFORMANCE_FIXTURES">;

/** A setting's value: what its parser read, else its default; undefined only for a setting without a default. */
type Read<Name extends SettingName> =
  Declared<Name> extends { default: unknown } ? SettingValue<Name> : SettingValue<Name> | undefined;

/** Every setting of the table by its key (CONFORMANCE_ITWIN_ID: itwinId), as read: its value, else its default. */
export type SettingValues = { [Name in SettingName as SettingKey<Name>]: Read<Name> };

/**
 * The suite's configuration: every setting of the table, and what some of
 * them mean together. A new setting needs no edit here: its entry in the
 * table is its key and its value.
 */
export interface Settings extends SettingValues {
  /** The admin identity's token or client; set exactly when baseUrl is. */
  credentials?: Credentials;
  /** The identities of src/settings/identities.ts that are set, each as a token or a client; each enables its checks. */
  identities: Partial<Record<IdentityKey, Credentials>>;
}

/**
 * The settings of one run, resolved once (run-settings.ts) and handed to the
 * global setup, the workers and the reporter alike, in the run context.
 */
export type RunSettings = Settings;

/** Every client id that uses the grant, as a message lists them. */
const grantClients = ["CONFORMANCE_CLIENT_ID", ...identities.map((i) => identitySettingNames(i).clientId)]
  .join(", ")
  .replace(/, ([^,]*)$/, " or $1");

/** Set by the suite itself to hand the resolved run to its workers; not a user setting. */
export const runContextVariable = "CONFORMANCE_RUN_CONTEXT";

export function readSettings(env: NodeJS.ProcessEnv): Settings {
  const problems = unknownSettingProblems(env);
  const given = readEach(env, problems);
  const external = given.has("CONFORMANCE_BASE_URL");
  const isSet = (name: SettingName) => given.has(name);
  const value = <Name extends SettingName>(name: Name): Read<Name> =>
    (given.get(name) ?? defaultOf(declared(name), external)) as Read<Name>;

  const baseUrl = value("CONFORMANCE_BASE_URL");
  const token = value("CONFORMANCE_TOKEN");
  const clientId = value("CONFORMANCE_CLIENT_ID");
  const clientSecret = value("CONFORMANCE_CLIENT_SECRET");
  const tokenUrl = value("CONFORMANCE_TOKEN_URL");
  const scope = value("CONFORMANCE_SCOPE");
  const itwinId = value("CONFORMANCE_ITWIN_ID");
  const otherItwinId = value("CONFORMANCE_OTHER_ITWIN_ID");
  const fixtures = value("CONFORMANCE_FIXTURES");
  const manifestPath = value("CONFORMANCE_MANIFEST");

  if (!external) {
    for (const { name } of knownSettings.filter((s) => s.needsExternalTarget && isSet(s.name)))
      problems.push(
        `${name} is set but CONFORMANCE_BASE_URL is not: set the target's base URL, or unset ${name} to use the embedded reference service`,
      );
  }

  const secondary = identities.map((identity) => {
    const names = identitySettingNames(identity);
    const given = {
      token: value(names.token),
      clientId: value(names.clientId),
      clientSecret: value(names.clientSecret),
    };
    return { identity, names, ...given, grant: given.clientId !== undefined || given.clientSecret !== undefined };
  });
  for (const { identity, names, token: own, clientId: ownId, clientSecret: ownSecret, grant } of secondary) {
    if (grant && own !== undefined)
      problems.push(`set either ${names.token} or ${names.clientId} with ${names.clientSecret}, not both`);
    else if (grant && (ownId === undefined || ownSecret === undefined))
      problems.push(`${names.clientId} and ${names.clientSecret} go together`);
    else if (ownId !== undefined && ownId === clientId)
      problems.push(`${names.clientId} is the admin's CONFORMANCE_CLIENT_ID: give a client of ${identity.notTheAdmin}`);
  }
  const secondaryGrant = secondary.some((s) => s.grant);

  if (fixtures === "manifest" && manifestPath === undefined)
    problems.push("CONFORMANCE_FIXTURES=manifest needs CONFORMANCE_MANIFEST, the file of ids to use");
  if (fixtures !== "manifest" && manifestPath !== undefined)
    problems.push(
      "CONFORMANCE_MANIFEST is set but CONFORMANCE_FIXTURES is not manifest: set CONFORMANCE_FIXTURES=manifest to use it",
    );

  if (external) {
    // "api.bentley.com." (a fully qualified name) is the same host.
    const host = baseUrl !== undefined && URL.canParse(baseUrl) ? new URL(baseUrl).hostname : "";
    if (host.toLowerCase().replace(/\.$/, "") === productionHost && !value("CONFORMANCE_ALLOW_PRODUCTION")) {
      problems.push(
        `CONFORMANCE_BASE_URL is the production host ${productionHost}: the suite creates and removes data there; set CONFORMANCE_ALLOW_PRODUCTION=1 if that is intended`,
      );
    }
    const grant = clientId !== undefined || clientSecret !== undefined;
    if (token !== undefined && grant)
      problems.push("set either CONFORMANCE_TOKEN or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, not both");
    else if (token === undefined && !grant)
      problems.push(
        "CONFORMANCE_TOKEN, or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, is required with CONFORMANCE_BASE_URL",
      );
    else if (grant && clientId === undefined)
      problems.push("CONFORMANCE_CLIENT_SECRET is set without CONFORMANCE_CLIENT_ID");
    else if (grant && clientSecret === undefined)
      problems.push("CONFORMANCE_CLIENT_ID is set without CONFORMANCE_CLIENT_SECRET");
    // The token endpoint, its default included, matters only to a grant: only then is it checked as a URL.
    if (grant || secondaryGrant) httpUrl(tokenUrl, "CONFORMANCE_TOKEN_URL", (problem) => problems.push(problem));
    else {
      for (const name of ["CONFORMANCE_TOKEN_URL", "CONFORMANCE_SCOPE"] as const) {
        if (isSet(name) && token !== undefined)
          problems.push(
            `${name} is set, but only the client-credentials grant (${grantClients}) uses it; unset it, or use the grant`,
          );
      }
    }
    if (!isSet("CONFORMANCE_ITWIN_ID") && fixtures !== "manifest")
      problems.push("CONFORMANCE_ITWIN_ID is required with CONFORMANCE_BASE_URL");
  }
  if (otherItwinId !== undefined && otherItwinId === itwinId)
    problems.push("CONFORMANCE_OTHER_ITWIN_ID must name another iTwin than CONFORMANCE_ITWIN_ID");
  for (const { identity, names, token: own } of secondary) {
    if (own !== undefined && own === token)
      problems.push(`${names.token} is the admin's CONFORMANCE_TOKEN: give a token of ${identity.notTheAdmin}`);
  }

  if (problems.length) {
    throw new ConfigError(
      problems.length === 1
        ? `configuration error: ${problems[0]}`
        : `configuration errors:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  let credentials: Credentials | undefined;
  if (external) {
    credentials =
      token !== undefined
        ? { kind: "token", token }
        : { kind: "client-credentials", clientId: clientId!, clientSecret: clientSecret!, tokenUrl, scope };
  }
  return {
    ...(Object.fromEntries(knownSettings.map((s) => [settingKey(s), value(s.name)])) as SettingValues),
    credentials,
    identities: Object.fromEntries(
      secondary.flatMap(
        ({ identity, token: own, clientId: ownId, clientSecret: ownSecret }): [IdentityKey, Credentials][] => {
          if (own !== undefined) return [[identity.key, { kind: "token", token: own }]];
          if (ownId === undefined) return [];
          return [
            [identity.key, { kind: "client-credentials", clientId: ownId, clientSecret: ownSecret!, tokenUrl, scope }],
          ];
        },
      ),
    ),
  };
}

/** A misspelt name would silently leave the run on the embedded service: anything that looks like a setting is refused. */
function unknownSettingProblems(env: NodeJS.ProcessEnv): string[] {
  const known: string[] = [...knownSettings.map((s) => s.name), runContextVariable];
  const looksLikeSetting = (name: string) =>
    /CONFORM/i.test(name) || known.some((k) => editDistance(name.toUpperCase(), k) <= 2);
  return Object.keys(env)
    .filter((name) => !known.includes(name) && looksLikeSetting(name))
    .sort()
    .map((name) => `${name} is not a setting of this suite${didYouMean(name.toUpperCase(), known)}`);
}

/**
 * Each setting that is given, read by its own parser: name → value (undefined
 * when none could be read; the problem is reported). Blank counts as unset.
 * Every secret given is registered for redaction first, whatever else is wrong.
 */
function readEach(env: NodeJS.ProcessEnv, problems: string[]): Map<SettingName, unknown> {
  const given = new Map<SettingName, unknown>();
  for (const setting of knownSettings) {
    const raw = env[setting.name];
    if (raw === undefined) continue;
    const trimmed = raw.trim();
    if (setting.secret) registerSecret(trimmed);
    if (trimmed === "") {
      if (setting.refuseEmpty)
        problems.push(`${setting.name} is set but empty (a missing secret?); give it a value, or unset it`);
      continue;
    }
    given.set(
      setting.name,
      setting.parse(trimmed, setting.name, (problem) => problems.push(problem)),
    );
  }
  return given;
}

function defaultOf(setting: Setting, external: boolean): unknown {
  return isPerTarget(setting.default) ? setting.default[external ? "external" : "embedded"] : setting.default;
}
