import { describeExchange, errorCode, type Exchange } from "../client/exchange";
import { expect } from "./fixtures";

export { errorCode };

/** Asserts the status, showing the whole exchange when it differs. */
export function expectStatus(exchange: Exchange, status: number): void {
  expect(exchange.status, `expected ${status}: ${describeExchange(exchange)}`).toBe(status);
}

export function expectErrorCode(exchange: Exchange, code: string): void {
  expect(errorCode(exchange), `expected error code ${code}: ${describeExchange(exchange)}`).toBe(code);
}
