import { recommendedAccept } from "../core/media-types";
import { TargetUnavailableError } from "../core/errors";
import { operations, type OperationId } from "../../generated/operations";
import { parseRetryAfter } from "../core/retry-after";
import type { TokenSource } from "../auth/token-source";
import { redact, redactValues } from "../core/secrets";
import type { Exchange } from "./exchange";
import {
  adminCredentialSetting,
  normalisedHeaderValue,
  sentAuthorization,
  type SentAuthorization,
  type SentRequest,
} from "./sent-request";
import { fetchAsWritten, needsWritingAsIs } from "./fetch-as-written";
import { fetchFailure } from "./fetch-failure";
import { readCapped, UnfinishedBodyError } from "./read-capped";
import type { RequestGate } from "./request-gate";
import type { UnansweredRequests } from "./unanswered";

export interface RetryPolicy {
  /** Retries after a 429, each after waiting its Retry-After. */
  maxRetries: number;
  /** A Retry-After longer than this is not waited out; the 429 is returned. */
  maxWaitSeconds: number;
}

export interface SendOptions {
  /** Path parameters. By default each is percent-encoded; `raw: true` sends them as given. */
  params: Record<string, string>;
  raw?: boolean;
  /** The Authorization header value; null sends none. Defaults to the client's bearer token. */
  authorization?: string | null;
  /** The setting an explicit `authorization`'s credential came from (CONFORMANCE_EXPIRED_TOKEN, say), for a replay. */
  authorizationSetting?: string;
  body?: unknown;
  /** The Accept header; default the documentation's recommended media type. */
  accept?: string;
  /** Another method sent to the operation's URL (METHOD-NOT-ALLOWED); the observer leaves such answers alone. */
  method?: string;
  /** false: return a 429 as it is (the rate-limit probe); true (default): wait Retry-After and retry. */
  honourRateLimit?: boolean;
  /** A query string without its "?", sent as written. */
  query?: string;
  /** Headers beside Accept and Authorization, sent as written; null leaves out one the client would send (Accept). */
  headers?: Record<string, string | null>;
  /** A body sent as written, instead of `body` as JSON; its Content-Type comes from `headers` alone. */
  rawBody?: string;
}

export interface ApiClientOptions {
  baseUrl: string;
  /** The bearer token, or where to get the current one (a refreshing client-credentials token). */
  token: string | TokenSource;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Sees every response, retried 429s included. May throw to stop the caller. */
  observe?: (exchange: Exchange) => void;
  /** Called, instead of waiting, when a 429's Retry-After exceeds retry.maxWaitSeconds; may throw. */
  onWaitTooLong?: (seconds: number, maxWaitSeconds: number) => void;
  sleep?: (ms: number) => Promise<void>;
  /** Shared by the run's workers: after some time-outs in a row, requests fail at once instead of waiting. */
  unanswered?: UnansweredRequests;
  /** Recorded on every exchange (Exchange.caller): who this client speaks for, when not the admin. */
  caller?: string;
  /** The run's concurrency and pacing: every request waits here for its turn. */
  gate?: RequestGate;
  /** The setting the token came from (default CONFORMANCE_TOKEN): a replay names it instead of the token. */
  credentialSetting?: string;
  /** Sees every exchange too, before `observe`; kept by with() when only the observer changes: the run's exchange log. */
  log?: (exchange: Exchange) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends the spec's operations to the target with Node's fetch. Not through
 * Playwright's request context on purpose: Playwright writes a failed
 * request's call log, request headers included, into its reports, and the
 * Authorization header must never reach them.
 */
export class ApiClient {
  constructor(readonly options: ApiClientOptions) {}

  /** A client like this one with some options changed (another observer, another token). */
  with(changes: Partial<ApiClientOptions>): ApiClient {
    return new ApiClient({ ...this.options, ...changes });
  }

  async bearer(): Promise<string> {
    return `Bearer ${await this.token()}`;
  }

  private async token(): Promise<string> {
    const { token } = this.options;
    return typeof token === "string" ? token : token.current();
  }

  /** The headers a request of this client carries; `authorization` undefined: the client's bearer token, null: none. */
  async headers(authorization?: string | null, accept = recommendedAccept): Promise<Record<string, string>> {
    const value = authorization === undefined ? await this.bearer() : authorization;
    return value === null ? { Accept: accept } : { Accept: accept, Authorization: value };
  }

  url(operationId: OperationId, params: Record<string, string>, raw = false): string {
    const template = operations[operationId].path;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = params[name];
      if (value === undefined) throw new Error(`${operationId}: path parameter ${name} is missing`);
      return raw ? value : encodeURIComponent(value);
    });
    return `${this.options.baseUrl}${path}`;
  }

  async send(operationId: OperationId, options: SendOptions): Promise<Exchange> {
    const once = async () => {
      const exchange = await this.once(operationId, options);
      this.witness(exchange);
      return exchange;
    };
    return options.honourRateLimit === false ? once() : this.retrying(once);
  }

  /**
   * Logs and observes `exchange` as one this client sent: for an exchange that
   * another process of the run had (the rate-limit probe begun by the setup).
   */
  witness(exchange: Exchange): void {
    this.options.log?.(exchange);
    this.options.observe?.(exchange);
  }

  /**
   * Runs `send` again after each 429, waiting its Retry-After, within the
   * client's retry policy; returns the last answer. Any request of the suite
   * (the rate-limit probe aside) goes through this.
   */
  async retrying<T extends { status: number; headers: Record<string, string> }>(send: () => Promise<T>): Promise<T> {
    const sleep = this.options.sleep ?? defaultSleep;
    for (let attempt = 0; ; attempt++) {
      const answer = await send();
      if (answer.status !== 429 || attempt >= this.options.retry.maxRetries) return answer;
      const retryAfter = parseRetryAfter(answer.headers["retry-after"]);
      // An unusable Retry-After is reported by the observer; back off a second and try again.
      const seconds = retryAfter.ok ? retryAfter.seconds : 1;
      if (seconds > this.options.retry.maxWaitSeconds) {
        this.options.onWaitTooLong?.(seconds, this.options.retry.maxWaitSeconds);
        return answer;
      }
      await sleep(Math.max(seconds, 1) * 1000);
    }
  }

  /**
   * Sends one request in its turn at the run's gate, when the client has one,
   * and tells the gate how it was answered. `probe`: the rate-limit probe's.
   */
  async gated<T extends { status: number; headers: Record<string, string> }>(
    kind: "check" | "probe",
    send: () => Promise<T>,
  ): Promise<T> {
    const release = await this.options.gate?.pass(kind);
    let answer: T | undefined;
    try {
      answer = await send();
      return answer;
    } finally {
      const retryAfter = answer && parseRetryAfter(answer.headers["retry-after"]);
      release?.(
        answer && { status: answer.status, ...(retryAfter?.ok ? { retryAfterSeconds: retryAfter.seconds } : {}) },
      );
    }
  }

  private once(operationId: OperationId, options: SendOptions): Promise<Exchange> {
    return this.gated(options.honourRateLimit === false ? "probe" : "check", () => this.exchange(operationId, options));
  }

  private async exchange(operationId: OperationId, options: SendOptions): Promise<Exchange> {
    const method = options.method ?? operations[operationId].method;
    const query = options.query === undefined ? "" : `?${options.query}`;
    const url = `${this.url(operationId, options.params, options.raw)}${query}`;
    const headers = await this.headers(options.authorization, options.accept);
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) delete headers[name];
      else headers[name] = value;
    }
    const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    const refusal = this.options.unanswered?.refusal();
    if (refusal) throw new TargetUnavailableError(`${method} ${url} ${refusal}`);
    const startedAtMs = Date.now();
    const started = performance.now();
    try {
      // A request without Accept, or with a dot segment, goes as written: fetch would add one, or resolve it.
      const send = needsWritingAsIs(url, headers) ? fetchAsWritten : fetch;
      const response = await send(url, {
        method,
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const { text: raw, cutAt } = await readCapped(response);
      this.options.unanswered?.answered();
      const rawHeaders: Record<string, string> = {};
      response.headers.forEach((value, name) => (rawHeaders[name.toLowerCase()] = value));
      // Redacted as received, so no check can quote a credential the target sent back: the run's
      // secrets, anything shaped like a token, and the credential this very request sent.
      const hide = sentCredentialRedactor(headers.Authorization);
      const text = hide(redact(raw));
      const answerHeaders = Object.fromEntries(
        Object.entries(redactValues(rawHeaders)).map(([name, value]) => [name, hide(value)]),
      );
      const echoedSecret =
        text !== raw || Object.entries(answerHeaders).some(([name, value]) => value !== rawHeaders[name]);
      return {
        operationId,
        method,
        url,
        status: response.status,
        headers: answerHeaders,
        text,
        echoedSecret,
        ...(cutAt === undefined ? {} : { bodyCutAt: cutAt }),
        ...(this.options.caller ? { caller: this.options.caller } : {}),
        request: await this.sent(headers, options, body, startedAtMs, performance.now() - started),
      };
    } catch (error) {
      // The time-out covers the body too: a body that trickles on is a time-out of its own kind.
      const unfinished = error instanceof UnfinishedBodyError ? error : undefined;
      const cause = unfinished ? unfinished.cause : error;
      const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
      if (timedOut) this.options.unanswered?.unanswered();
      if (unfinished) {
        const why = timedOut
          ? `within ${this.options.timeoutMs} ms`
          : `(${fetchFailure(cause, this.options.timeoutMs)})`;
        throw new TargetUnavailableError(
          `${method} ${url} answered ${unfinished.status}, but its body did not finish ${why}; ${unfinished.bytesRead} bytes read`,
        );
      }
      if (timedOut)
        throw new TargetUnavailableError(`${method} ${url} got no response within ${this.options.timeoutMs} ms`);
      throw new TargetUnavailableError(
        `${method} ${url} got no valid HTTP response: ${fetchFailure(error, this.options.timeoutMs)}`,
      );
    }
  }

  /** What a request carried, its credential replaced by where it came from. */
  private async sent(
    headers: Record<string, string>,
    options: SendOptions,
    body: string | undefined,
    startedAtMs: number,
    durationMs: number,
  ): Promise<SentRequest> {
    const { Authorization: authorization, ...rest } = headers;
    const setting = this.options.credentialSetting ?? adminCredentialSetting;
    let from: SentAuthorization | undefined;
    // The client's own bearer token: no need to look at the value.
    if (options.authorization === undefined) from = { prefix: "Bearer ", variable: setting };
    else if (authorization !== undefined) {
      const value = normalisedHeaderValue(authorization);
      const token = redact(value) === value ? "" : await this.token();
      from = sentAuthorization(value, token, setting, options.authorizationSetting);
    }
    return {
      headers: rest,
      ...(from ? { authorization: from } : {}),
      ...(body === undefined ? {} : { body }),
      startedAtMs,
      durationMs,
    };
  }
}

/**
 * Hides the credential of an Authorization value (what follows the scheme, or
 * the whole value) wherever an answer repeats it. Values shorter than 8
 * characters are left alone: they would match ordinary words.
 */
export function sentCredentialRedactor(authorization: string | undefined): (text: string) => string {
  const credential = authorization
    ?.trim()
    .replace(/^\S+\s+/, "")
    .trim();
  if (!credential || credential.length < 8) return (text) => text;
  return (text) => text.split(credential).join("[REDACTED]");
}
