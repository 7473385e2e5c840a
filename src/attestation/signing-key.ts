/**
 * The run's signing key (CONFORMANCE_SIGNING_KEY) for the commands that
 * write a verdict outside a run (merge, proxy): read with the setting's own
 * parser, so the same value means the same key and gets the same message.
 */
import type { KeyObject } from "node:crypto";
import { ConfigError } from "../core/errors";
import { givenSetting } from "../settings/given";
import { registerSecret } from "../core/secrets";
import { ed25519PrivateKey } from "../settings/parsers";
import { privateKeyFromPem } from "./keys";

const name = "CONFORMANCE_SIGNING_KEY";

/** The key a setting's value names; undefined when unset; a ConfigError naming the setting when it is no key. */
export function signingKeyFrom(value: string | undefined): KeyObject | undefined {
  if (value === undefined) return undefined;
  const problems: string[] = [];
  const pem = ed25519PrivateKey(value, name, (problem) => problems.push(problem));
  if (pem === undefined) throw new ConfigError(problems.join("; "));
  registerSecret(pem);
  return privateKeyFromPem(pem, name);
}

/**
 * The signing key of a command beside a run, from its environment: `refused`
 * once its problem is told on `err` (the command then ends with exit 2).
 */
export function commandSigningKey(
  env: NodeJS.ProcessEnv,
  err: (text: string) => void,
): KeyObject | undefined | "refused" {
  try {
    return signingKeyFrom(givenSetting(name, env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    err(`${error.message}\n`);
    return "refused";
  }
}
