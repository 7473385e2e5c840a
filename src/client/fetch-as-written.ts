import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";

/** Statuses (and HEAD) whose answer has no content: a Response must not be given a body for them. */
const withoutContent = (method: string, status: number) => method === "HEAD" || [204, 205, 304].includes(status);

/**
 * fetch adds `Accept: *\/*` to a request that has no Accept header, so it cannot
 * send one without it, as many clients and gateways do. This sends the headers
 * exactly as given, over node:http, and answers a fetch Response.
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
    const request = send(target, { method: init.method, headers, signal: init.signal }, (response) => {
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
