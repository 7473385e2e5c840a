import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { isGuid } from "../core/ids";
import { KeyError, privateKeyFromPem } from "../attestation/keys";
import { shown } from "./text";

/**
 * How one setting's value is read: from the value as given (trimmed, never
 * empty) to what the suite uses. Each problem is reported, not thrown, so
 * that every problem of a configuration is told at once. The result is
 * undefined when no value could be read at all; a value with a problem (a
 * URL of another protocol, say) is still returned, so that the checks
 * between settings can go on and report theirs too.
 */
export type Parser<T> = (value: string, name: string, report: (problem: string) => void) => T | undefined;

/** Any text, as given. */
export const text: Parser<string> = (value) => value;

/** A bearer token without its scheme: what a CI secret holds, never a header. */
export const bearerToken: Parser<string> = (value, name, report) => {
  if (/^bearer\s/i.test(value)) report(`${name} must be the token alone, without the 'Bearer ' prefix`);
  else if (/\s/.test(value)) report(`${name} must not contain white space`);
  return value;
};

/** An id of this API, in lower case as ids are compared. */
export const guid: Parser<string> = (value, name, report) => {
  if (isGuid(value)) return value.toLowerCase();
  report(`${name} must be a GUID, got ${shown(value)}`);
  return undefined;
};

export function wholeNumber(min: number, max: number): Parser<number> {
  return (value, name, report) => {
    if (/^\d+$/.test(value) && Number(value) >= min && Number(value) <= max) return Number(value);
    report(`${name} must be a whole number from ${min} to ${max}, got ${shown(value)}`);
    return undefined;
  };
}

export function oneOf<const Choice extends string>(choices: readonly Choice[]): Parser<Choice> {
  const listed = `${choices.slice(0, -1).join(", ")} or ${choices.at(-1)}`;
  return (value, name, report) => {
    if ((choices as readonly string[]).includes(value)) return value as Choice;
    report(`${name} must be ${listed}, got ${shown(value)}`);
    return undefined;
  };
}

/** A switch: on with its one value, off when unset. */
export function switchOn(on: string): Parser<true> {
  return (value, name, report) => {
    if (value === on) return true;
    report(`${name} must be ${on} or unset, got ${shown(value)}`);
    return undefined;
  };
}

/** An absolute http(s) URL without a query or fragment. */
export const httpUrl: Parser<string> = (value, name, report) => (checkUrl(value, name, report) ? value : undefined);

/** The API base of a target: an http(s) URL without credentials in it (they go in their own settings), no trailing slash. */
export const apiBaseUrl: Parser<string> = (value, name, report) => {
  const url = checkUrl(value, name, report);
  if (!url) return undefined;
  if (url.username || url.password)
    report(`${name} must not carry credentials; use CONFORMANCE_TOKEN or CONFORMANCE_CLIENT_ID`);
  return value.replace(/\/+$/, "");
};

function checkUrl(value: string, name: string, report: (problem: string) => void): URL | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    report(`${name} must be an absolute URL with its scheme (https://…), got ${shown(value)}`);
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    report(`${name} must be an http(s) URL, got ${shown(value)}: use https:// (or http://)`);
  if (url.search || url.hash)
    report(`${name} must not carry a query or fragment: remove ${shown(url.search + url.hash)}`);
  return url;
}

/**
 * A folder the suite keeps files in across runs, made when missing. One rule:
 * it is always a folder, so a name ending in .json (meant as the file itself)
 * or a path that is a file is refused rather than guessed at.
 */
export const folder: Parser<string> = (value, name, report) => {
  if (/\.json$/i.test(value)) {
    report(`${name} names a folder to keep the history files in, not a file: got ${shown(value)}`);
    return undefined;
  }
  const kind = statSync(path.resolve(value), { throwIfNoEntry: false });
  if (kind && !kind.isDirectory()) {
    report(`${name} must name a folder, but ${shown(value)} is a file`);
    return undefined;
  }
  return value;
};

/**
 * An Ed25519 private key in PEM: the PEM text itself (as a CI secret holds
 * it), or the path of a file that holds it. The value is the PEM text. What
 * is refused is never quoted when it could be the key.
 */
export const ed25519PrivateKey: Parser<string> = (value, name, report) => {
  const isPem = value.startsWith("-----BEGIN");
  if (!isPem && !existsSync(path.resolve(value))) {
    report(
      `${name} must be an Ed25519 private key in PEM, or the file that holds one; there is no file ${shown(value)}`,
    );
    return undefined;
  }
  const pem = isPem ? value : readFileSync(path.resolve(value), "utf8");
  try {
    privateKeyFromPem(pem, name);
    return pem;
  } catch (error) {
    report(error instanceof KeyError ? error.message : `${name} could not be read`);
    return undefined;
  }
};
