import { rmSync } from "node:fs";
import { assembleHar, exchangeLogDir, exchangeLogVariable } from "./har-file";

/** Asks the workers, which inherit this process's environment, to log every exchange under `reportDir`. */
export function startExchangeLog(reportDir: string): void {
  process.env[exchangeLogVariable] = exchangeLogDir(reportDir);
}

/** exchanges.har from the workers' logs; a run that selected no check leaves none, and no logs either. */
export function writeExchangesHar(reportDir: string, creator: { name: string; version: string }): void {
  try {
    assembleHar(reportDir, creator);
  } catch (error) {
    // The verdict does not depend on it: one warning line, not the run.
    console.warn(`exchanges.har could not be written: ${error instanceof Error ? error.message : String(error)}`);
    rmSync(exchangeLogDir(reportDir), { recursive: true, force: true });
  }
}
