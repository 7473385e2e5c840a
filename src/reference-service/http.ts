import type { IncomingMessage } from "node:http";

export type BodyResult = { ok: true; text: string } | { ok: false; tooLarge: true };

/** Reads a request body up to `limit` bytes; a larger one is cut off and reported, never buffered. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > limit) {
      req.resume();
      resolve({ ok: false, tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      if (!done) resolve({ ok: true, text: Buffer.concat(chunks).toString("utf8") });
    });
    req.on("error", reject);
  });
}

/** Splits a request path into decoded segments; undefined when it cannot be decoded. */
export function pathSegments(rawUrl: string): string[] | undefined {
  const pathOnly = rawUrl.split("?")[0] ?? "";
  try {
    return pathOnly
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}
