import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync, unzipSync } from "fflate";

/**
 * Searches what a run wrote for canary values, also where a plain byte search
 * cannot see them: inside zip archives (Playwright's trace.zip and its copies
 * in the HTML report and Allure results, deflated), inside gzip streams, and
 * inside base64 (the HTML report embeds its data as a base64 zip in
 * index.html; the JSON reporter embeds attachments as base64), to any depth
 * up to `maxDepth`. Whatever it cannot open is reported as unreadable rather
 * than passed over, so "not found" means searched.
 */

export interface Source {
  name: string;
  bytes: Uint8Array;
}

export interface CanaryFinding {
  /** Index of the canary in the list searched for. */
  canary: number;
  /** The file, then each archive entry or decoding on the way in. */
  where: string[];
  /** As written, or base64-encoded within a longer base64 text. */
  form: "plain" | "base64";
  /** The text around the first occurrence, every canary in it masked. */
  context: string;
}

export interface CanarySearch {
  found: CanaryFinding[];
  unreadable: { where: string[]; reason: string }[];
}

/** Playwright's deepest nesting is two (a zip in base64 in index.html); room for a trace inside that. */
const maxDepth = 4;
// Long enough to pass over words and hashes, short enough for any encoded token.
const base64Run = /[A-Za-z0-9+/_-]{32,}={0,2}/g;
const zipMagic = Buffer.from("PK\x03\x04", "latin1");
const gzipMagic = Buffer.from([0x1f, 0x8b, 0x08]);

export function searchForCanaries(canaries: readonly string[], sources: Iterable<Source>): CanarySearch {
  for (const canary of canaries) {
    // A short canary would be found by chance, and its base64 forms would be empty.
    if (canary.length < 8) throw new Error(`a canary needs at least 8 characters, got ${canary.length}`);
  }
  const needles = canaries.map((canary) => ({ plain: Buffer.from(canary, "latin1"), base64: base64Forms(canary) }));
  const result: CanarySearch = { found: [], unreadable: [] };

  const search = (bytes: Buffer, where: string[], depth: number): void => {
    needles.forEach((needle, canary) => {
      const at = bytes.indexOf(needle.plain);
      if (at >= 0)
        result.found.push({ canary, where, form: "plain", context: context(bytes, at, needle.plain.length) });
      for (const form of needle.base64) {
        const at = bytes.indexOf(form);
        if (at >= 0) {
          result.found.push({ canary, where, form: "base64", context: context(bytes, at, form.length) });
          break;
        }
      }
    });
    const open = (label: string, unpack: () => Iterable<[string, Uint8Array]>): void => {
      if (depth >= maxDepth) {
        result.unreadable.push({ where, reason: `${label} nested deeper than ${maxDepth}` });
        return;
      }
      let entries: [string, Uint8Array][];
      try {
        entries = [...unpack()];
      } catch (error) {
        result.unreadable.push({
          where,
          reason: `${label}: ${error instanceof Error ? error.message : String(error)}`,
        });
        return;
      }
      for (const [name, content] of entries) search(Buffer.from(content), [...where, name], depth + 1);
    };
    if (startsWith(bytes, zipMagic)) return open("zip", () => Object.entries(unzipSync(bytes)));
    if (startsWith(bytes, gzipMagic)) return open("gzip", () => [["(gunzip)", gunzipSync(bytes)]]);
    if (depth >= maxDepth) return;
    for (const run of bytes.toString("latin1").matchAll(base64Run)) {
      search(Buffer.from(run[0], "base64"), [...where, `(base64 at ${run.index})`], depth + 1);
    }
  };

  for (const source of sources) search(Buffer.from(source.bytes), [source.name], 0);
  return result;

  function context(bytes: Buffer, at: number, length: number): string {
    let text = bytes.toString("latin1", Math.max(0, at - 80), at + length + 80);
    canaries.forEach((canary, index) => (text = text.split(canary).join(`<canary ${index}>`)));
    for (const [index, needle] of needles.entries()) {
      for (const form of needle.base64) text = text.split(form.toString("latin1")).join(`<base64 of canary ${index}>`);
    }
    return text.replace(/[^\x20-\x7e]/g, "·");
  }
}

/** Every file under `dir`, named by its path relative to `dir`. */
export function* filesUnder(dir: string): Generator<Source> {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    yield { name: path.relative(dir, file), bytes: readFileSync(file) };
  }
}

/**
 * What `value` looks like inside any longer base64 text, in either alphabet:
 * for each of the three offsets it can start at, the characters that depend
 * on its bytes alone.
 */
function base64Forms(value: string): Buffer[] {
  const bytes = Buffer.from(value, "latin1");
  const forms: Buffer[] = [];
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    const inner = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    forms.push(Buffer.from(inner, "latin1"));
    const urlSafe = inner.replace(/\+/g, "-").replace(/\//g, "_");
    if (urlSafe !== inner) forms.push(Buffer.from(urlSafe, "latin1"));
  }
  return forms;
}

function startsWith(bytes: Buffer, magic: Buffer): boolean {
  return bytes.length >= magic.length && bytes.subarray(0, magic.length).equals(magic);
}
