import { isGuid } from "../../core/ids";
import { randomUUID } from "node:crypto";
import type { AnswerHooks } from "../responder";
import { hook } from "./switchboard";

const textType = "text/plain; charset=utf-8";

/** Deviations in how answers are written: media types, error bodies and codes, header framing. */
export const answerHooks: Omit<AnswerHooks, "retryAfter" | "rateLimited"> = {
  jsonText: [
    hook("uppercase-ids", (text, body) => {
      const upper = JSON.stringify(body, (_key, value: unknown) =>
        typeof value === "string" && isGuid(value) ? value.toUpperCase() : value,
      );
      return upper !== text ? upper : undefined;
    }),
  ],
  jsonContentType: [hook("json-without-charset", () => "application/json")],
  noContentHeaders: [hook("204-with-content-length-zero", (headers) => ({ ...headers, "Content-Length": "0" }))],
  headers: [
    hook("connection-close", (headers) => ({ ...headers, Connection: "close" })),
    hook("extra-response-headers", (headers) => ({
      ...headers,
      "X-Correlation-Id": randomUUID(),
      "Cache-Control": "no-store",
      Vary: "Authorization",
    })),
    hook("header-names-uppercase", (headers) =>
      Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value])),
    ),
  ],
  error: [
    hook("missing-header-wrong-code", (error, made) =>
      made.code === "HeaderNotFound" ? { ...error, code: "Unauthorized" } : undefined,
    ),
    hook("missing-header-answers-403", (error, made) =>
      made.code === "HeaderNotFound" ? { ...error, status: 403 } : undefined,
    ),
    hook("invalid-token-other-code", (error, made) =>
      made.status === 401 && made.code !== "HeaderNotFound"
        ? { ...error, code: "InvalidAuthorizationToken" }
        : undefined,
    ),
    hook("invalid-token-answers-403", (error, made) =>
      made.status === 401 && made.code !== "HeaderNotFound" ? { ...error, status: 403 } : undefined,
    ),
    hook("unknown-itwin-wrong-code", (error) =>
      error.code === "ItwinNotFound" ? { ...error, code: "NotFound" } : undefined,
    ),
    hook("not-found-codes-swapped", (error) => {
      if (error.code === "GroupNotFound") return { ...error, code: "TeamMemberNotFound" };
      if (error.code === "TeamMemberNotFound") return { ...error, code: "GroupNotFound" };
      return undefined;
    }),
  ],
  errorRepresentation: [
    hook("429-body-not-json", (_error, made) =>
      made.status === 429 ? { type: textType, text: "Too Many Requests" } : undefined,
    ),
    hook("errors-as-text", (error) => ({ type: textType, text: `${error.code}: ${error.message}` })),
    hook("errors-as-html", (error) => ({
      type: "text/html; charset=utf-8",
      text: `<!doctype html><html><body><h1>${error.status}</h1><p>${error.message}</p></body></html>`,
    })),
  ],
  errorFields: [
    hook("reworded-error-messages", (fields, error) => ({
      ...fields,
      message: `The request could not be completed (${error.status}).`,
    })),
    hook("error-target-null", (fields) => ({ ...fields, target: null })),
    hook("error-details", (fields) => ({
      ...fields,
      details: [...((fields.details as unknown[]) ?? []), { code: "Detail", message: "More about this error." }],
    })),
    hook("error-without-message", (fields) => without(fields, "message")),
    hook("401-without-message", (fields, error) =>
      error.status === 401 && "message" in fields ? without(fields, "message") : undefined,
    ),
    hook("error-without-code", (fields) => without(fields, "code")),
  ],
  errorBody: [
    hook("error-without-wrapper", (_body, fields) => fields),
    hook("error-extra-property", (body) => ({ ...body, requestId: randomUUID() })),
  ],
  errorText: [
    hook("pretty-printed-errors", (_text, { body, fields }) => {
      const { code, message, ...rest } = fields;
      return JSON.stringify({ ...body, error: { message, code, ...rest } }, null, 2);
    }),
    hook("errors-malformed-json", (text) => text.slice(0, -2)),
  ],
  errorContentType: [hook("errors-as-vendor-json", () => "application/vnd.bentley.error+json")],
  errorChunks: [hook("chunked-error-bodies", (text) => [text.slice(0, 10), text.slice(10)])],
};

function without(fields: Record<string, unknown>, name: string): Record<string, unknown> {
  const { [name]: _left, ...rest } = fields;
  return rest;
}
