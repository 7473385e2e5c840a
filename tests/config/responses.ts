import { describeExchange, jsonBody, type Exchange } from "../../src/client/exchange";
import { expect } from "./fixtures";

/** The error code of an ErrorResponse body, or undefined. */
export function errorCode(exchange: Exchange): string | undefined {
  const body = jsonBody(exchange) as { error?: { code?: unknown } } | undefined;
  return typeof body?.error?.code === "string" ? body.error.code : undefined;
}

/** Asserts the status, showing the whole exchange when it differs. */
export function expectStatus(exchange: Exchange, status: number): void {
  expect(exchange.status, `expected ${status}: ${describeExchange(exchange)}`).toBe(status);
}

export function expectErrorCode(exchange: Exchange, code: string): void {
  expect(errorCode(exchange), `expected error code ${code}: ${describeExchange(exchange)}`).toBe(code);
}
