/**
 * How much of an answer's body the suite reads, in bytes: 1 MiB. An error
 * body, a token, or any answer the checks judge is a few kilobytes at most;
 * the cap only keeps a broken or hostile target that answers with an endless
 * body from costing the run its memory and its time.
 */
export const maxAnswerBodyBytes = 1024 * 1024;

/** What was read of a body: its text, and where it was cut when it went on past the cap. */
export interface CappedBody {
  text: string;
  /** Bytes kept when the body went on past the cap; the rest was never read. */
  cutAt?: number;
}

/** Reading a body failed before its end: the answer's time-out, or a broken connection. */
export class UnfinishedBodyError extends Error {
  constructor(
    readonly status: number,
    readonly bytesRead: number,
    override readonly cause: unknown,
  ) {
    super(`the ${status} answer's body did not finish (${bytesRead} bytes read)`);
    this.name = "UnfinishedBodyError";
  }
}

/**
 * Reads a fetch response's body as UTF-8, at most `cap` bytes. Past the cap
 * the body is cancelled, which closes the connection: not a byte more is
 * taken off it. A read that fails (the request's time-out included) throws
 * an UnfinishedBodyError.
 */
export async function readCapped(response: Response, cap = maxAnswerBodyBytes): Promise<CappedBody> {
  if (!response.body) return { text: "" };
  const reader = response.body.getReader();
  const decoder = new TextDecoder("utf-8");
  let text = "";
  let read = 0;
  for (;;) {
    const chunk = await reader.read().catch((error: unknown) => {
      throw new UnfinishedBodyError(response.status, read, error);
    });
    if (chunk.done) return { text: text + decoder.decode() };
    const room = cap - read;
    if (chunk.value.byteLength > room) {
      // Streamed decoding keeps a character split at the cap back; not flushing drops it rather than
      // turning it into U+FFFD.
      text += decoder.decode(chunk.value.subarray(0, room), { stream: true });
      await reader.cancel().catch(() => undefined);
      return { text, cutAt: cap };
    }
    read += chunk.value.byteLength;
    text += decoder.decode(chunk.value, { stream: true });
  }
}
