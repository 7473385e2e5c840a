import { closeSync, existsSync, openSync, readdirSync, readSync, rmSync, writeSync } from "node:fs";
import path from "node:path";

/**
 * The environment variable through which the conformance reporter tells the
 * workers where to log exchanges; unset (the judge, a bare Playwright run),
 * nothing is logged.
 */
export const exchangeLogVariable = "SUITE_EXCHANGE_LOG_DIR";

/** Where the workers append their exchanges, one JSON line each, until the reporter assembles exchanges.har. */
export function exchangeLogDir(reportDir: string): string {
  return path.join(reportDir, "exchanges");
}

export const harFileName = "exchanges.har";

interface Line {
  file: string;
  offset: number;
  length: number;
  startedAt: number;
}

/** Every line of an entry opens with its start time: that is all the index reads of it. */
const opening = /^\{"startedDateTime":"([^"]+)"/;

/** Where each line of each log is, and when its exchange started: all that is kept in memory. */
function indexLines(dir: string): Line[] {
  const lines: Line[] = [];
  const chunk = Buffer.alloc(1 << 20);
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".jsonl"))) {
    const file = path.join(dir, name);
    const fd = openSync(file, "r");
    try {
      let position = 0;
      let lineStart = 0;
      let head = "";
      let last = 0;
      for (let read; (read = readSync(fd, chunk, 0, chunk.length, position)) > 0; position += read) {
        let from = 0;
        for (let end; (end = chunk.indexOf(10, from)) >= 0 && end < read; from = end + 1) {
          head += chunk.toString("latin1", from, Math.min(end, from + 64));
          if (end > from) last = chunk[end - 1]!;
          addLine(lines, file, lineStart, position + end - lineStart, head, last);
          lineStart = position + end + 1;
          head = "";
          last = 0;
        }
        if (head.length < 64) head += chunk.toString("latin1", from, Math.min(read, from + 64 - head.length));
        if (read > from) last = chunk[read - 1]!;
      }
      // A last line without its newline is one a killed worker left half written: no entry.
    } finally {
      closeSync(fd);
    }
  }
  // Stable: entries that started in the same millisecond keep their worker's order.
  return lines.sort((a, b) => a.startedAt - b.startedAt);
}

function addLine(lines: Line[], file: string, offset: number, length: number, head: string, last: number): void {
  const startedAt = Date.parse(opening.exec(head)?.[1] ?? "");
  // 125 is "}": a whole entry ends with it.
  if (!Number.isNaN(startedAt) && last === 125) lines.push({ file, offset, length, startedAt });
}

/**
 * Writes `<reportDir>/exchanges.har` (HAR 1.2) from the workers' exchange
 * logs, entries ordered by start time, and removes the logs. Each entry is
 * read from its log as it is written: only the index is held in memory.
 * Returns the number of entries, or undefined when there were no logs.
 */
export function assembleHar(reportDir: string, creator: { name: string; version: string }): number | undefined {
  const dir = exchangeLogDir(reportDir);
  if (!existsSync(dir)) return undefined;
  const lines = indexLines(dir);
  const out = openSync(path.join(reportDir, harFileName), "w");
  const files = new Map<string, number>();
  try {
    // Name and version only: the caller may hand over a whole package.json.
    const { name, version } = creator;
    writeSync(out, `{"log":{"version":"1.2","creator":${JSON.stringify({ name, version })},"pages":[],"entries":[`);
    lines.forEach((line, i) => {
      let fd = files.get(line.file);
      if (fd === undefined) files.set(line.file, (fd = openSync(line.file, "r")));
      const buffer = Buffer.alloc(line.length);
      readSync(fd, buffer, 0, line.length, line.offset);
      writeSync(out, i === 0 ? "\n" : ",\n");
      writeSync(out, buffer);
    });
    writeSync(out, "\n]}}\n");
  } finally {
    closeSync(out);
    for (const fd of files.values()) closeSync(fd);
  }
  rmSync(dir, { recursive: true, force: true });
  return lines.length;
}
