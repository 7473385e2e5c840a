/** The shape of one entry of the settings table (src/settings/table.ts). */
import type { Parser } from "./parsers";

export type SettingKind = "url" | "guid" | "token" | "secret" | "text" | "choice" | "switch" | "number" | "path";

/** A default that differs between the embedded reference service and an external target. */
export interface PerTarget<T> {
  embedded: T;
  external: T;
}

export function isPerTarget(value: unknown): value is PerTarget<unknown> {
  return typeof value === "object" && value !== null && "embedded" in value && "external" in value;
}

export interface Setting<T = unknown> {
  /** The environment variable. */
  name: `CONFORMANCE_${string}`;
  /** Its key in the run's settings, where the name in camel case (CONFORMANCE_ITWIN_ID: itwinId) would mislead. */
  key?: string;
  /** The flag that sets it: its name in lower case with dashes, without the prefix. */
  flag: `--${string}`;
  /** The value's placeholder in the help; absent for a switch. */
  placeholder?: string;
  /** What a switch, given without a value, sets the variable to. */
  switchValue?: string;
  /** A path ("path") is resolved against the directory the command runs in. */
  kind: SettingKind;
  parse: Parser<T>;
  /** What unset means; absent: unset is a state of its own. */
  default?: T | PerTarget<T>;
  /** A credential: registered for redaction, never literal in a CI recipe, visible in the process list as a flag. */
  secret?: boolean;
  /** Meaningful only against an external target: refused without CONFORMANCE_BASE_URL. */
  needsExternalTarget?: boolean;
  /** Set but empty is what a CI job with a missing secret produces: for these it must not mean unset. */
  refuseEmpty?: boolean;
  /** Values of a path setting kept as they are, never resolved as paths. */
  literals?: readonly string[];
  /** One line, lower case, for the help and the docs; another setting named in it shows as its flag in the help. */
  description: string;
  /** Said in the help after the description. */
  helpNote?: string;
  /** More for .env.example and the docs, in sentences. */
  details?: string;
  /** The value .env.example shows, where the default or switch value is not the one to show. */
  example?: string;
}
