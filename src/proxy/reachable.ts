import { connect } from "node:net";

/** How long the proxy waits, at start, for the target to take a TCP connection. */
export const reachTimeoutMs = 5000;

/** The target's host:port as connected to: the URL's port, else its scheme's. */
export function hostPort(target: URL): string {
  return `${target.hostname}:${target.port || (target.protocol === "https:" ? 443 : 80)}`;
}

/** Why the target's host:port takes no TCP connection within the time-out, or undefined when it does. */
export function unreachable(target: URL, timeoutMs = reachTimeoutMs): Promise<string | undefined> {
  const port = Number(target.port || (target.protocol === "https:" ? 443 : 80));
  const host = target.hostname.replace(/^\[|\]$/g, "");
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const settle = (problem: string | undefined) => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(timeoutMs, () => settle(`no connection within ${timeoutMs / 1000} s`));
    socket.once("connect", () => settle(undefined));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code ?? error.message));
  });
}
