import { mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";
import { test } from "@playwright/test";
import type { Exchange } from "../client/exchange";
import { exchangeLogVariable } from "../reporting/har/har-file";
import { harEntry, type ExchangeContext } from "../reporting/har/har";

/** The test running now, and the requirements it checks (its tags); none in a worker's own set-up and clean-up. */
function currentTest(): ExchangeContext {
  try {
    const info = test.info();
    return { test: info.title, requirements: info.tags.map((tag) => tag.replace(/^@/, "")) };
  } catch {
    return { requirements: [] };
  }
}

/**
 * The worker's exchange log: each exchange, as a HAR entry, appended as one
 * line to `<dir>/<worker>-<pid>.jsonl` (`run-<pid>` for the run's own set-up
 * and clean-up) as it happens, so nothing piles up in
 * memory. Undefined when the run's reporter asked for no log.
 */
export function exchangeLog(env: NodeJS.ProcessEnv = process.env): ((exchange: Exchange) => void) | undefined {
  const dir = env[exchangeLogVariable];
  if (!dir) return undefined;
  let fd: number | undefined;
  return (exchange) => {
    if (fd === undefined) {
      mkdirSync(dir, { recursive: true });
      fd = openSync(path.join(dir, `${env.TEST_WORKER_INDEX ?? "run"}-${process.pid}.jsonl`), "a");
    }
    writeSync(fd, `${JSON.stringify(harEntry(exchange, currentTest()))}\n`);
  };
}
