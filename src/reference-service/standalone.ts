import { closeSync, fchmodSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";
import { probeConcurrency } from "../client/rate-limit-probe";
import { identities, identitySettingNames } from "../settings/identities";
import { declared, type SettingName } from "../settings/table";
import { platformScope } from "./auth";
import { identityClients } from "./embedded-target";
import { referenceClients, secretVariable, type ReferenceClients } from "./seed";
import type { ReferenceService } from "./service";

/**
 * What the standalone service (scripts/reference-service.ts) tells a user
 * and writes for a script: the settings of a run against it, by the names of
 * the settings table and the identities' declaration, the secret ones only
 * into a file of the user's.
 */

/**
 * Every variable the standalone service reads, in the order of its documentation (docs/reference-service.md, whose
 * table a test holds to this list); another REFERENCE_* variable is a typo, refused rather than ignored.
 */
export const standaloneVariables = [
  "REFERENCE_PORT",
  "REFERENCE_RATE_LIMIT",
  "REFERENCE_RATE_WINDOW_SECONDS",
  "REFERENCE_DEVIATIONS",
  "REFERENCE_SEED",
  "REFERENCE_MEMBER_GROUPS",
  "REFERENCE_ENV_FILE",
  ...(Object.keys(referenceClients({})) as (keyof ReferenceClients)[]).map(secretVariable),
];

/** The no-scope token's lifetime: long enough for a run or several; the expired one expired two minutes ago. */
export const noScopeTokenLifetimeSeconds = 3600;

/** How every file the service writes begins; a file that does not is never overwritten. */
const writtenMarker = "# Written by npm run reference-service";

export interface SettingLine {
  name: SettingName;
  value: string;
}

const name = <Name extends SettingName>(setting: Name): Name => declared(setting).name;

/** The settings a run against `service` needs that are not secret: safe to print. */
export function publicSettings(service: ReferenceService): SettingLine[] {
  return [
    { name: name("CONFORMANCE_BASE_URL"), value: service.baseUrl },
    { name: name("CONFORMANCE_ITWIN_ID"), value: service.seed.itwinId },
    { name: name("CONFORMANCE_OTHER_ITWIN_ID"), value: service.seed.otherItwinId },
    { name: name("CONFORMANCE_TOKEN_URL"), value: service.tokenUrl },
    { name: name("CONFORMANCE_CLIENT_ID"), value: service.clients.admin.clientId },
    ...identities.map((identity) => ({
      name: identitySettingNames(identity).clientId,
      value: service.clients[identityClients[identity.key]].clientId,
    })),
  ];
}

/** Enough for the 429 probe to reach the service's limit with the admin's token, which it spends. */
export function rateLimitBudget(limit: number): number | undefined {
  const budget = 2 * limit + probeConcurrency;
  return budget <= 100_000 ? budget : undefined;
}

/** Every setting of a run against `service` that runs every check: the public ones, the secrets and test tokens. */
export async function allSettings(service: ReferenceService, rateLimit: number): Promise<SettingLine[]> {
  const { clientId } = service.clients.admin;
  const budget = rateLimitBudget(rateLimit);
  return [
    ...publicSettings(service),
    { name: name("CONFORMANCE_CLIENT_SECRET"), value: service.clients.admin.clientSecret },
    ...identities.map((identity) => ({
      name: identitySettingNames(identity).clientSecret,
      value: service.clients[identityClients[identity.key]].clientSecret,
    })),
    {
      name: name("CONFORMANCE_EXPIRED_TOKEN"),
      value: await service.issuer.mint({ clientId, scopes: [platformScope], lifetimeSeconds: -120 }),
    },
    {
      name: name("CONFORMANCE_NO_SCOPE_TOKEN"),
      value: await service.issuer.mint({ clientId, scopes: ["openid"], lifetimeSeconds: noScopeTokenLifetimeSeconds }),
    },
    ...(budget === undefined ? [] : [{ name: name("CONFORMANCE_RATE_LIMIT_BUDGET"), value: String(budget) }]),
  ];
}

/** A .env file of `settings`, as src/settings/env-file.ts reads it. */
export function envFileText(settings: SettingLine[], origin: string): string {
  const header = [
    `${writtenMarker} for ${origin}; its tokens and ids hold while that service runs.`,
    `# CONFORMANCE_NO_SCOPE_TOKEN expires ${noScopeTokenLifetimeSeconds / 60} minutes after the service started.`,
  ];
  return [...header, ...settings.map((s) => `${s.name}=${envValue(s.name, s.value)}`), ""].join("\n");
}

function envValue(name: string, value: string): string {
  if (/^[\w.:/@+=-]*$/.test(value)) return value;
  if (!/['\n\r]/.test(value)) return `'${value}'`;
  throw new Error(`the value of ${name} cannot be written to a settings file: it holds a quote or a line break`);
}

/** A manifest (specs/manifest.schema.json) of the service's seeded groups, for CONFORMANCE_FIXTURES=manifest. */
export function manifestText(service: ReferenceService): string {
  const list = (ids: string[]) => ids.map((id) => `  - ${id}`).join("\n");
  const { seed } = service;
  return [
    `${writtenMarker} for ${service.origin}: its seeded groups. A manifest run removes`,
    "# every member group but the first, so each start of the service serves one such run.",
    `itwinId: ${seed.itwinId}`,
    "memberGroupIds:",
    list(seed.memberGroupIds),
    ...(seed.nonMemberGroupIds.length ? ["nonMemberGroupIds:", list(seed.nonMemberGroupIds)] : []),
    "",
  ].join("\n");
}

/** The manifest's file, beside the settings file: ref.env → ref.manifest.yaml. */
export function manifestPathFor(envFile: string): string {
  const { dir, name } = path.parse(envFile);
  return path.join(dir, `${name}.manifest.yaml`);
}

/**
 * Writes `text` to `file`, readable and writable by its owner alone (also when it existed with a wider mode).
 * A file that exists and was not written by the service is left alone: it may be a user's own .env.
 */
export function writeOwnFile(file: string, text: string, mode: number): void {
  let existing: string | undefined;
  try {
    existing = readFileSync(file, "utf8");
  } catch {
    existing = undefined;
  }
  if (existing !== undefined && !existing.startsWith(writtenMarker)) {
    throw new Error(`${file} exists and was not written by the reference service: name another file, or remove it`);
  }
  const fd = openSync(file, "w", mode);
  try {
    fchmodSync(fd, mode);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}
