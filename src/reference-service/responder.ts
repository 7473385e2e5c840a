import { jsonContentType } from "../core/media-types";
import type { ServerResponse } from "node:http";
import { Deviations, type Hooks } from "./deviations/switchboard";
import type { ApiError } from "./errors";

type Headers = Record<string, string>;
type Fields = Record<string, unknown>;

/** The points where deviations shape answers (deviations/answers.ts, deviations/rate-limit.ts). */
export interface AnswerHooks {
  /** The text of a JSON body, given the body. */
  jsonText: Hooks<[string, unknown], string>;
  /** Instead of the JSON media type with its charset. */
  jsonContentType: Hooks<[], string>;
  /** The headers of a 204. */
  noContentHeaders: Hooks<[Headers, void], Headers>;
  /** Every answer's headers, as they are written. */
  headers: Hooks<[Headers, void], Headers>;
  /** Instead of a 429's Retry-After, given its seconds: another value, or null for none. */
  retryAfter: Hooks<[number], string | null>;
  /** A 429 before it is written. */
  rateLimited: Hooks<[ApiError, void], ApiError>;
  /** An error before it is written, given the error as the service made it. */
  error: Hooks<[ApiError, ApiError], ApiError>;
  /** Instead of a JSON error body, given the error and the error as the service made it. */
  errorRepresentation: Hooks<[ApiError, ApiError], { type: string; text: string }>;
  /** The members of the error object, given the error. */
  errorFields: Hooks<[Fields, ApiError], Fields>;
  /** The error body, given the members of the error object. */
  errorBody: Hooks<[Fields, Fields], Fields>;
  /** The text of an error body, given the body and the members of its error object. */
  errorText: Hooks<[string, { body: Fields; fields: Fields }], string>;
  /** Instead of the JSON media type of an error. */
  errorContentType: Hooks<[], string>;
  /** Instead of writing an error body whole: the chunks to write it in. */
  errorChunks: Hooks<[string], string[]>;
}

/** An answer given whole, as a deviation gives one instead of a handler's. */
export type Answer =
  | { kind: "error"; error: ApiError }
  | { kind: "no content" }
  | { kind: "json"; status: number; body: unknown }
  /** Written past the responder: for framing it would never write. */
  | { kind: "raw"; write: (res: ServerResponse) => void };

export const answers = {
  error: (error: ApiError): Answer => ({ kind: "error", error }),
  noContent: { kind: "no content" } as Answer,
  json: (status: number, body: unknown): Answer => ({ kind: "json", status, body }),
  raw: (write: (res: ServerResponse) => void): Answer => ({ kind: "raw", write }),
};

const noHooks: AnswerHooks = {
  jsonText: [],
  jsonContentType: [],
  noContentHeaders: [],
  headers: [],
  retryAfter: [],
  rateLimited: [],
  error: [],
  errorRepresentation: [],
  errorFields: [],
  errorBody: [],
  errorText: [],
  errorContentType: [],
  errorChunks: [],
};

/**
 * Writes every answer of the reference service's API, so the deviations that
 * shape answers (content types, error bodies, 429 headers, header framing)
 * act at its points instead of in every handler.
 */
export class Responder {
  constructor(
    private readonly deviations: Deviations = new Deviations(),
    private readonly hooks: AnswerHooks = noHooks,
  ) {}

  json(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
    const text = this.deviations.transform(this.hooks.jsonText, JSON.stringify(body), body);
    this.write(
      res,
      status,
      { "Content-Type": this.jsonType(), "Content-Length": String(Buffer.byteLength(text)), ...headers },
      text,
    );
  }

  noContent(res: ServerResponse): void {
    this.write(res, 204, this.deviations.transform(this.hooks.noContentHeaders, {}, undefined));
  }

  error(res: ServerResponse, made: ApiError): void {
    const d = this.deviations;
    let error: ApiError = { ...made, headers: { ...made.headers } };
    if (made.status === 429) {
      const retryAfter = d.instead(this.hooks.retryAfter, Number(made.headers?.["Retry-After"] ?? "1"));
      if (retryAfter === null) delete error.headers!["Retry-After"];
      else if (retryAfter !== undefined) error.headers!["Retry-After"] = retryAfter;
      error = d.transform(this.hooks.rateLimited, error, undefined);
    }
    error = d.transform(this.hooks.error, error, made);
    const headers = { ...error.headers };

    const other = d.instead(this.hooks.errorRepresentation, error, made);
    if (other) return this.text(res, error.status, headers, other.type, other.text);

    let fields: Fields = { code: error.code, message: error.message };
    if (error.target !== undefined) fields.target = error.target;
    if (error.details) fields.details = error.details;
    fields = d.transform(this.hooks.errorFields, fields, error);
    const body = d.transform(this.hooks.errorBody, { error: fields }, fields);
    const text = d.transform(this.hooks.errorText, JSON.stringify(body), { body, fields });
    const type = d.instead(this.hooks.errorContentType) ?? this.jsonType();
    const chunks = d.instead(this.hooks.errorChunks, text);
    if (chunks) return this.write(res, error.status, { ...headers, "Content-Type": type }, chunks);
    this.write(
      res,
      error.status,
      { ...headers, "Content-Type": type, "Content-Length": String(Buffer.byteLength(text)) },
      text,
    );
  }

  answer(res: ServerResponse, answer: Answer): void {
    if (answer.kind === "error") this.error(res, answer.error);
    else if (answer.kind === "no content") this.noContent(res);
    else if (answer.kind === "json") this.json(res, answer.status, answer.body);
    else answer.write(res);
  }

  private jsonType(): string {
    return this.deviations.instead(this.hooks.jsonContentType) ?? jsonContentType;
  }

  private text(res: ServerResponse, status: number, headers: Headers, type: string, text: string): void {
    this.write(
      res,
      status,
      { ...headers, "Content-Type": type, "Content-Length": String(Buffer.byteLength(text)) },
      text,
    );
  }

  /** `body` as several strings is written chunk by chunk (no Content-Length: node frames it chunked). */
  private write(res: ServerResponse, status: number, headers: Headers, body?: string | string[]): void {
    res.writeHead(status, this.deviations.transform(this.hooks.headers, headers, undefined));
    if (Array.isArray(body)) {
      for (const chunk of body) res.write(chunk);
      res.end();
    } else res.end(body);
  }
}
