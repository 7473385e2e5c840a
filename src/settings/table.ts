import type { Parser } from "./parsers";
import type { Setting } from "./declaration";
import { optionalSettings } from "./table-identities";
import { runSettings } from "./table-run";
import { targetSettings } from "./table-target";

/**
 * Every setting of the suite, declared once. The settings check, the
 * command line's flags and help, the redaction of secrets, the CI recipes'
 * check, .env.example and docs/settings.md all derive from this table: a
 * new setting is one entry in the part of its concern (the target, the
 * optional checks, the run), plus the code that uses its value.
 */

export { defaultScope, defaultTokenUrl, productionHost } from "./table-target";
export { embeddedRateLimitBudget } from "./table-run";

/** In the order of the help. */
const table = [...targetSettings, ...optionalSettings, ...runSettings] as const satisfies readonly Setting[];

/** Every CONFORMANCE_* variable the suite reads, as one list to go through. */
export const knownSettings: readonly (Setting & { name: SettingName })[] = table;

export type SettingName = (typeof table)[number]["name"];
export type Declared<Name extends SettingName> = Extract<(typeof table)[number], { name: Name }>;

/** The value a setting's parser reads. */
export type SettingValue<Name extends SettingName> = Declared<Name>["parse"] extends Parser<infer T> ? T : never;

/** CONFORMANCE_ITWIN_ID → itwinId. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** A setting's key in the run's settings: its own `key`, else its name without the prefix in camel case. */
export type SettingKey<Name extends SettingName = SettingName> = Name extends SettingName
  ? Declared<Name> extends { key: infer Key extends string }
    ? Key
    : Name extends `CONFORMANCE_${infer Rest}`
      ? CamelCase<Lowercase<Rest>>
      : never
  : never;

export function settingKey<Name extends SettingName>(setting: { name: Name; key?: string }): SettingKey<Name> {
  const camel = setting.name
    .replace(/^CONFORMANCE_/, "")
    .toLowerCase()
    .replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
  return (setting.key ?? camel) as SettingKey<Name>;
}

/** One setting's entry, with the types of its own values. */
export function declared<Name extends SettingName>(name: Name): Declared<Name> {
  return table.find((s): s is Declared<Name> => s.name === name)!;
}
