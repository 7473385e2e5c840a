import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { urlToHttpOptions } from "node:url";

/** Statuses (and HEAD) whose answer has no content: a Response must not be given a body for them. */
const withoutContent = (method: string, status: number) => method === "HEAD" || [204, 205, 304].includes(status);

/**
 * A path segment "." or "..", written plain. fetch and URL resolve it away
 * (RFC 3986, 5.2.4), and so does curl unless told not to; a gateway may pass
 * it on as it came.
 */
export const dotSegment = /(^|\/)(\.\.?)(?=[/?#]|$)/;

/** Whether fetch would send `url`, and a request without Accept, other than as written. */
export function needsWritingAsIs(url: string, headers: Record<string, string>): boolean {
  return !("Accept" in headers) || dotSegment.test(url);
}

/**
 * The path and query of `url` as fetch would send them, but for its dot
 * segments, which stay: each is swapped for a marker that URL leaves alone,
 * and put back once URL has encoded the rest.
 */
function pathAsWritten(url: string): string {
  const kept: string[] = [];
  const marked = url.replace(new RegExp(dotSegment.source, "g"), (_, slash: string, dots: string) => {
    kept.push(dots);
    return `${slash}~dot-segment-${kept.length - 1}~`;
  });
  const { pathname, search } = new URL(marked);
  return `${pathname}${search}`.replace(/~dot-segment-(\d+)~/g, (_, i: string) => kept[Number(i)]!);
}

/**
 * fetch adds `Accept: *\/*` to a request that has no Accept header, so it cannot
 * send one without it, as many clients and gateways do; and it resolves dot
 * segments in the path. This sends the path and the headers exactly as given,
 * over node:http, and answers a fetch Response.
 */
export function fetchAsWritten(
  url: string,
  init: { method: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal },
): Promise<Response> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  const headers = { ...init.headers };
  if (init.body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(init.body));
  return new Promise((resolve, reject) => {
    const options = {
      ...urlToHttpOptions(target),
      path: pathAsWritten(url),
      method: init.method,
      headers,
      signal: init.signal,
    };
    const request = send(options, (response) => {
      const answerHeaders = new Headers();
      for (const [name, value] of Object.entries(response.headers))
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
          answerHeaders.append(name, one);
      const status = response.statusCode ?? 0;
      const empty = withoutContent(init.method, status);
      if (empty) response.resume();
      const body = empty ? null : (Readable.toWeb(response) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status, statusText: response.statusMessage ?? "", headers: answerHeaders }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
