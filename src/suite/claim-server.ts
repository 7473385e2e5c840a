import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback server of the run whose requests stay open while a claim is held (state lock, request gate). */
export interface ClaimServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `handle` on a free loopback port for the process that starts the
 * run. A claim is an open request, held for as long as its holder needs it,
 * so requests never time out; a holder that dies closes its connection.
 */
export async function serveClaims(handle: RequestListener): Promise<ClaimServer> {
  const server = createServer(handle);
  server.requestTimeout = 0;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
