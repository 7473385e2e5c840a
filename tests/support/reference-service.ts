import { connect } from "node:net";
import { test as base } from "@playwright/test";
import { platformScope } from "../../src/reference-service/auth";
import {
  startReferenceService,
  type ReferenceService,
  type ReferenceServiceOptions,
} from "../../src/reference-service/service";

/** Unit-test fixtures: a reference service per worker, on its own port, with an admin and a reader token. */
export const test = base.extend<
  { adminToken: string; readerToken: string },
  { service: ReferenceService; serviceOptions: ReferenceServiceOptions }
>({
  serviceOptions: [{ rateLimit: { limit: 0, windowSeconds: 1 } }, { scope: "worker", option: true }],
  service: [
    async ({ serviceOptions }, use) => {
      const service = await startReferenceService(serviceOptions);
      await use(service);
      await service.close();
    },
    { scope: "worker" },
  ],
  adminToken: async ({ service }, use) => {
    await use(
      await service.issuer.mint({
        clientId: service.clients.admin.clientId,
        scopes: [platformScope],
        lifetimeSeconds: 300,
      }),
    );
  },
  readerToken: async ({ service }, use) => {
    await use(
      await service.issuer.mint({
        clientId: service.clients.reader.clientId,
        scopes: [platformScope],
        lifetimeSeconds: 300,
      }),
    );
  },
});

export { expect } from "@playwright/test";

/**
 * Sends raw bytes and returns the raw response: for requests an HTTP client
 * would refuse to send. The socket is not half-closed (a server may drop a
 * half-closed connection before an async answer); the request should say
 * `Connection: close`, or be one the server closes on.
 */
export function rawRequest(origin: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    let data = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (data += chunk));
    socket.on("close", () => resolve(data));
    socket.on("error", reject);
    socket.setTimeout(5000, () => socket.destroy(new Error("no answer in 5 s")));
  });
}
