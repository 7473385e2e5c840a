import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { parse } from "yaml";

/** Repository root, found from this file so scripts work from any cwd. */
export const repoRoot = path.resolve(__dirname, "..", "..");
export const specPath = path.join(repoRoot, "specs", "remove-itwin-group-member.openapi.yaml");
export const requirementsPath = path.join(repoRoot, "specs", "requirements.yaml");

export type JsonObject = { [key: string]: unknown };

export function readSpecText(): string {
  return readFileSync(specPath, "utf8");
}

export function loadSpec(): JsonObject {
  return parse(readSpecText()) as JsonObject;
}

/** sha256 of the spec file's bytes, reported with every verdict. */
export function specSha256(): string {
  return createHash("sha256").update(readFileSync(specPath)).digest("hex");
}
