import { ConfigError } from "../core/errors";
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv from "ajv";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "../validation/spec";
import { describeParseError, describeSchemaError, manifestFields } from "./manifest-problems";

/** The ids a manifest offers (specs/manifest.schema.json), lower-cased. */
export interface Manifest {
  itwinId: string;
  memberGroupIds: string[];
  nonMemberGroupIds: string[];
  unknownItwinIds: string[];
  unknownGroupIds: string[];
}

export const manifestSchemaPath = path.join(repoRoot, "specs", "manifest.schema.json");

let compiled: { validate: ReturnType<Ajv["compile"]>; fields: string[] } | undefined;
function validator() {
  if (compiled) return compiled;
  const schema = JSON.parse(readFileSync(manifestSchemaPath, "utf8")) as { properties?: Record<string, unknown> };
  // verbose: each error carries the value, for the message to quote.
  compiled = { validate: new Ajv({ allErrors: true, verbose: true }).compile(schema), fields: manifestFields(schema) };
  return compiled;
}

/**
 * Reads and checks a manifest file (JSON, or YAML by its extension). Every
 * problem is reported at once, each with the entry it is about.
 */
export function loadManifest(file: string, itwinIdSetting?: string): Manifest {
  const where = `CONFORMANCE_MANIFEST "${file}"`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `configuration error: ${where} cannot be read (${(code && readFailures[code]) ?? code ?? (error as Error).message}): check the path in CONFORMANCE_MANIFEST`,
    );
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const kind = /\.ya?ml$/i.test(file) ? "YAML" : "JSON";
    throw new ConfigError(
      `configuration error: ${where} is not valid ${kind}${describeParseError(error as Error, text)}`,
    );
  }
  return checkManifest(data, where, itwinIdSetting);
}

export function checkManifest(data: unknown, where: string, itwinIdSetting?: string): Manifest {
  const { validate, fields } = validator();
  const problems = validate(data) ? [] : (validate.errors ?? []).map((e) => describeSchemaError(e, fields));
  if (!problems.length) {
    const m = normalise(data as Partial<Manifest>);
    const members = new Set(m.memberGroupIds);
    // The schema's uniqueItems compares as written; ids are the same in either letter case.
    for (const list of ["memberGroupIds", "nonMemberGroupIds", "unknownItwinIds", "unknownGroupIds"] as const) {
      const ids = m[list];
      const second = ids.findIndex((id, i) => ids.indexOf(id) < i);
      if (second >= 0)
        problems.push(
          `${list} lists "${ids[second]}" twice (in other letter case), at [${ids.indexOf(ids[second]!)}] and [${second}]: remove one`,
        );
    }
    for (const id of m.nonMemberGroupIds.filter((id) => members.has(id)))
      problems.push(
        `nonMemberGroupIds lists "${id}", which memberGroupIds lists too: a group either is a member or is not; remove it from one`,
      );
    for (const id of m.unknownGroupIds.filter((id) => members.has(id) || m.nonMemberGroupIds.includes(id)))
      problems.push(
        `unknownGroupIds lists "${id}", a group of the iTwin (memberGroupIds or nonMemberGroupIds lists it): remove it from unknownGroupIds`,
      );
    if (m.unknownItwinIds.includes(m.itwinId))
      problems.push(`unknownItwinIds lists "${m.itwinId}", the manifest's own itwinId: remove it from unknownItwinIds`);
    if (itwinIdSetting !== undefined && itwinIdSetting.toLowerCase() !== m.itwinId) {
      problems.push(
        `itwinId "${m.itwinId}" differs from CONFORMANCE_ITWIN_ID "${itwinIdSetting}": unset one, or make them agree`,
      );
    }
    if (!problems.length) return m;
  }
  throw new ConfigError(
    problems.length === 1
      ? `configuration error: ${where}: ${problems[0]}`
      : `configuration errors in ${where}:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
  );
}

function normalise(data: Partial<Manifest>): Manifest {
  const ids = (list: string[] | undefined) => (list ?? []).map((id) => id.toLowerCase());
  return {
    itwinId: data.itwinId!.toLowerCase(),
    memberGroupIds: ids(data.memberGroupIds),
    nonMemberGroupIds: ids(data.nonMemberGroupIds),
    unknownItwinIds: ids(data.unknownItwinIds),
    unknownGroupIds: ids(data.unknownGroupIds),
  };
}

/** Why a file cannot be read, in words, for the codes a wrong path gives. */
const readFailures: Record<string, string> = {
  ENOENT: "ENOENT: no such file",
  EACCES: "EACCES: permission denied",
  EISDIR: "EISDIR: a directory, not a file",
};
