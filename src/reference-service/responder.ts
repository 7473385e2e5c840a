import { isGuid } from "../core/ids";
import { jsonContentType } from "../core/media-types";
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { Deviations } from "./deviations/switchboard";
import type { ApiError } from "./errors";

const rateLimitedHeader = /^ITwinPlatform-RateLimited-/i;

/**
 * Writes every answer of the reference service's API, so the deviations that
 * shape answers (content types, error bodies, 429 headers, header framing)
 * live in one place instead of in every handler.
 */
export class Responder {
  constructor(private readonly deviations: Deviations = new Deviations()) {}

  json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const d = this.deviations;
    let text = JSON.stringify(body);
    if (d.has("uppercase-ids")) {
      const upper = JSON.stringify(body, (_key, value: unknown) =>
        typeof value === "string" && isGuid(value) ? value.toUpperCase() : value,
      );
      if (upper !== text && d.on("uppercase-ids")) text = upper;
    }
    this.write(
      res,
      status,
      { "Content-Type": this.jsonType(), "Content-Length": String(Buffer.byteLength(text)), ...headers },
      text,
    );
  }

  noContent(res: ServerResponse): void {
    this.write(res, 204, this.deviations.on("204-with-content-length-zero") ? { "Content-Length": "0" } : {});
  }

  error(res: ServerResponse, original: ApiError): void {
    const d = this.deviations;
    const error = { ...original };
    const headers = { ...original.headers };

    if (error.status === 429) {
      const seconds = Number(headers["Retry-After"] ?? "1");
      if (d.on("429-without-retry-after")) delete headers["Retry-After"];
      else if (d.on("retry-after-not-a-number")) headers["Retry-After"] = "soon";
      else if (d.on("retry-after-http-date"))
        headers["Retry-After"] = new Date(Date.now() + seconds * 1000).toUTCString();
      else if (d.on("retry-after-fractional")) headers["Retry-After"] = `${seconds}.5`;
      else if (d.on("longer-retry-after")) headers["Retry-After"] = String(seconds + 1);
      if (d.on("no-rate-limited-headers"))
        for (const name of Object.keys(headers)) if (rateLimitedHeader.test(name)) delete headers[name];
      if (d.on("429-wrong-code")) error.code = "TooManyRequests";
      if (d.on("rate-limit-answers-503")) error.status = 503;
      if (d.on("429-body-not-json"))
        return this.text(res, error.status, headers, "text/plain; charset=utf-8", "Too Many Requests");
    }
    if (error.code === "HeaderNotFound") {
      if (d.on("missing-header-wrong-code")) error.code = "Unauthorized";
      if (d.on("missing-header-answers-403")) error.status = 403;
    } else if (error.status === 401) {
      if (d.on("invalid-token-other-code")) error.code = "InvalidAuthorizationToken";
      if (d.on("invalid-token-answers-403")) error.status = 403;
    }
    if (error.code === "ItwinNotFound" && d.on("unknown-itwin-wrong-code")) error.code = "NotFound";
    else if (error.code === "GroupNotFound" && d.on("not-found-codes-swapped")) error.code = "TeamMemberNotFound";
    else if (error.code === "TeamMemberNotFound" && d.on("not-found-codes-swapped")) error.code = "GroupNotFound";

    if (d.on("errors-as-text"))
      return this.text(res, error.status, headers, "text/plain; charset=utf-8", `${error.code}: ${error.message}`);
    if (d.on("errors-as-html")) {
      return this.text(
        res,
        error.status,
        headers,
        "text/html; charset=utf-8",
        `<!doctype html><html><body><h1>${error.status}</h1><p>${error.message}</p></body></html>`,
      );
    }

    const fields: Record<string, unknown> = { code: error.code, message: error.message };
    if (d.on("reworded-error-messages")) fields.message = `The request could not be completed (${error.status}).`;
    if (error.target !== undefined) fields.target = error.target;
    if (error.details) fields.details = error.details;
    if (d.on("error-target-null")) fields.target = null;
    if (d.on("error-details"))
      fields.details = [...(error.details ?? []), { code: "Detail", message: "More about this error." }];
    if (d.on("error-without-message") || (error.status === 401 && d.on("401-without-message"))) delete fields.message;
    if (d.on("error-without-code")) delete fields.code;
    let body: Record<string, unknown> = { error: fields };
    if (d.on("error-without-wrapper")) body = fields;
    if (d.on("error-extra-property")) body = { ...body, requestId: randomUUID() };

    let text = JSON.stringify(body);
    if (d.on("pretty-printed-errors")) {
      const { code, message, ...rest } = fields;
      text = JSON.stringify({ ...body, error: { message, code, ...rest } }, null, 2);
    }
    if (d.on("errors-malformed-json")) text = text.slice(0, -2);
    const type = d.on("errors-as-vendor-json") ? "application/vnd.bentley.error+json" : this.jsonType();
    if (d.on("chunked-error-bodies")) {
      this.write(res, error.status, { ...headers, "Content-Type": type }, [text.slice(0, 10), text.slice(10)]);
      return;
    }
    this.write(
      res,
      error.status,
      { ...headers, "Content-Type": type, "Content-Length": String(Buffer.byteLength(text)) },
      text,
    );
  }

  private jsonType(): string {
    return this.deviations.on("json-without-charset") ? "application/json" : jsonContentType;
  }

  private text(res: ServerResponse, status: number, headers: Record<string, string>, type: string, text: string): void {
    this.write(
      res,
      status,
      { ...headers, "Content-Type": type, "Content-Length": String(Buffer.byteLength(text)) },
      text,
    );
  }

  /** `body` as several strings is written chunk by chunk (no Content-Length: node frames it chunked). */
  private write(res: ServerResponse, status: number, headers: Record<string, string>, body?: string | string[]): void {
    const d = this.deviations;
    let all = { ...headers };
    if (d.on("connection-close")) all.Connection = "close";
    if (d.on("extra-response-headers"))
      all = { ...all, "X-Correlation-Id": randomUUID(), "Cache-Control": "no-store", Vary: "Authorization" };
    if (d.on("header-names-uppercase"))
      all = Object.fromEntries(Object.entries(all).map(([name, value]) => [name.toUpperCase(), value]));
    res.writeHead(status, all);
    if (Array.isArray(body)) {
      for (const chunk of body) res.write(chunk);
      res.end();
    } else res.end(body);
  }
}
