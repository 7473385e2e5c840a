import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A hand-made HTTP server on loopback, answering every request with `handle`
 * (which may leave it unanswered); the request's body is drained. `origin` is its root.
 */
export async function loopbackServer(
  handle: (request: IncomingMessage, response: ServerResponse) => void | null,
): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    request.resume();
    handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
