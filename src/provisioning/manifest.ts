import { ConfigError } from "../core/errors";
import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv, { type ErrorObject } from "ajv";
import { parse as parseYaml } from "yaml";
import { repoRoot } from "../validation/spec";

/** The ids a manifest offers (specs/manifest.schema.json), lower-cased. */
export interface Manifest {
  itwinId: string;
  memberGroupIds: string[];
  nonMemberGroupIds: string[];
  unknownItwinIds: string[];
  unknownGroupIds: string[];
}

export const manifestSchemaPath = path.join(repoRoot, "specs", "manifest.schema.json");

let validate: ReturnType<Ajv["compile"]> | undefined;
function validator() {
  validate ??= new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(manifestSchemaPath, "utf8")) as object);
  return validate;
}

/**
 * Reads and checks a manifest file (JSON, or YAML by its extension). Every
 * problem is reported at once, each with the entry it is about.
 */
export function loadManifest(file: string, itwinIdSetting?: string): Manifest {
  const where = `CONFORMANCE_MANIFEST ${file}`;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `configuration error: ${where} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    const kind = /\.ya?ml$/i.test(file) ? "YAML" : "JSON";
    throw new ConfigError(
      `configuration error: ${where} is not valid ${kind}: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  return checkManifest(data, where, itwinIdSetting);
}

export function checkManifest(data: unknown, where: string, itwinIdSetting?: string): Manifest {
  const check = validator();
  const problems = check(data) ? [] : (check.errors ?? []).map(describe);
  if (!problems.length) {
    const m = normalise(data as Partial<Manifest>);
    const members = new Set(m.memberGroupIds);
    for (const id of m.nonMemberGroupIds.filter((id) => members.has(id)))
      problems.push(`nonMemberGroupIds: ${id} is also listed in memberGroupIds`);
    for (const id of m.unknownGroupIds.filter((id) => members.has(id) || m.nonMemberGroupIds.includes(id)))
      problems.push(`unknownGroupIds: ${id} is listed as a group of the iTwin too`);
    if (m.unknownItwinIds.includes(m.itwinId))
      problems.push(`unknownItwinIds: ${m.itwinId} is the manifest's own itwinId`);
    if (itwinIdSetting !== undefined && itwinIdSetting.toLowerCase() !== m.itwinId) {
      problems.push(
        `itwinId ${m.itwinId} differs from CONFORMANCE_ITWIN_ID ${itwinIdSetting}: unset one, or make them agree`,
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

/** One ajv error as "<entry>: <what is wrong>", in the manifest's own terms. */
function describe(error: ErrorObject): string {
  const entry = error.instancePath ? error.instancePath.slice(1).replace(/\//g, ".") : "the manifest";
  switch (error.keyword) {
    case "required":
      return `${entry === "the manifest" ? "" : `${entry}: `}${String(error.params.missingProperty)} is missing`;
    case "additionalProperties": {
      const name = String(error.params.additionalProperty);
      return `${entry === "the manifest" ? "" : `${entry}: `}${name} is not a field of a manifest (see specs/manifest.schema.json)`;
    }
    case "pattern":
      return `${entry} must be a GUID`;
    case "uniqueItems":
      return `${entry} lists an id twice`;
    case "minItems":
      return `${entry} must list at least ${String(error.params.limit)} id`;
    default:
      return `${entry} ${error.message ?? "is not valid"}`;
  }
}
