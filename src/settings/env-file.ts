import { ConfigError } from "../core/errors";
import { existsSync } from "node:fs";
import dotenv from "dotenv";
import { declared } from "./table";

/**
 * Loads settings from a .env file into process.env; variables already set
 * win. CONFORMANCE_ENV_FILE names another file, or "none" to read no file
 * (the project's own tests run the suite that way, so a developer's .env
 * never points them at a real target).
 */
export function loadEnvFile(env: NodeJS.ProcessEnv = process.env): void {
  const named = env.CONFORMANCE_ENV_FILE;
  if (named === "none") return;
  const file = named || declared("CONFORMANCE_ENV_FILE").default;
  if (!existsSync(file)) {
    if (named)
      throw new ConfigError(
        `configuration error: CONFORMANCE_ENV_FILE names "${named}", which does not exist: give the path of a .env file, or none to read no file`,
      );
    return;
  }
  dotenv.config({ path: file, quiet: true, processEnv: env as Record<string, string> });
}
