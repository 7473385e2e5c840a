import { connect, createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * Claims of the run (the state lock's, the request gate's turns), served on
 * loopback by the process that starts the run and held over one connection
 * per process that claims. A request of the suite takes a turn at the gate,
 * and an exploration step the lock: a connection each would cost a connect
 * and an HTTP exchange per request, on both sides.
 *
 * The protocol is lines of text. The claimant sends `claim <id> <argument>`
 * and later `end <id> <detail>`; the server answers `granted <id> <detail>`
 * when the claim begins, or `refused <id> <reason>`. A connection that closes ends
 * every claim it made, so a process that dies never keeps one.
 */
export interface ClaimServer {
  url: string;
  close(): Promise<void>;
}

/** A claim the server took: ended by its claimant (with its detail) or by the connection closing (without). */
export interface OpenClaim {
  end(detail?: string): void;
}

/**
 * Takes a claim of `argument`, calling `grant` when it begins (with a line of text for the claimant, if the claim
 * brings one); a string refuses it with that reason.
 */
export type ClaimHandler = (argument: string, grant: (detail?: string) => void) => OpenClaim | string;

export async function serveClaims(handle: ClaimHandler): Promise<ClaimServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const claims = new Map<string, OpenClaim>();
    const send = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\n`);
    };
    readLines(socket, (line) => {
      const [verb, id = "", ...rest] = line.split(" ");
      const argument = rest.join(" ");
      if (verb === "claim" && !claims.has(id)) {
        const claim = handle(argument, (detail) => send(`granted ${id} ${detail ?? ""}`));
        if (typeof claim === "string") send(`refused ${id} ${claim}`);
        else claims.set(id, claim);
      } else if (verb === "end") {
        claims.get(id)?.end(argument);
        claims.delete(id);
      }
    });
    socket.on("close", () => {
      sockets.delete(socket);
      for (const claim of claims.values()) claim.end();
      claims.clear();
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Ends a claim; `detail` goes to the server (the answer's status, for a gate's turn). */
export type EndClaim = (detail?: string) => void;

interface Connection {
  socket: Socket;
  nextId: number;
  waiting: Map<string, { resolve: (granted: Granted) => void; reject: (error: Error) => void }>;
  held: number;
}

const connections = new Map<string, Connection>();

interface Granted {
  end: EndClaim;
  detail: string;
}

/**
 * Claims `argument` of the server at `url` (`name` says which, in errors):
 * resolves when the claim begins, with the function that ends it. The
 * process's one connection to that server is opened at the first claim.
 */
export function claim(url: string, argument: string, name: string): Promise<EndClaim> {
  return claimGranted(url, argument, name).then((granted) => granted.end);
}

/** The line of text a claim of `argument` is granted with, the claim ended at once: a question to the server. */
export function ask(url: string, argument: string, name: string): Promise<string> {
  return claimGranted(url, argument, name).then(({ end, detail }) => {
    end();
    return detail;
  });
}

function claimGranted(url: string, argument: string, name: string): Promise<Granted> {
  let connection: Connection;
  try {
    connection = connectionTo(url, name);
  } catch (error) {
    return Promise.reject(error);
  }
  const id = String(connection.nextId++);
  return new Promise<Granted>((resolve, reject) => {
    connection.waiting.set(id, { resolve, reject });
    connection.socket.ref();
    connection.socket.write(`claim ${id} ${argument}\n`);
  });
}

function connectionTo(url: string, name: string): Connection {
  const existing = connections.get(url);
  if (existing) return existing;
  const { hostname, port, protocol } = new URL(url);
  if (protocol !== "tcp:") throw new Error(`${name} cannot be reached: ${url} is not a claim server's address`);
  const socket = connect(Number(port), hostname);
  socket.setNoDelay(true);
  const connection: Connection = { socket, nextId: 1, waiting: new Map(), held: 0 };
  connections.set(url, connection);
  // With no claim waiting or held, the connection keeps no process alive.
  const idle = () => {
    if (!connection.waiting.size && !connection.held) socket.unref();
  };
  readLines(socket, (line) => {
    const [verb, id = "", ...rest] = line.split(" ");
    const waiter = connection.waiting.get(id);
    if (!waiter) return;
    connection.waiting.delete(id);
    if (verb === "refused") {
      idle();
      return waiter.reject(new Error(`${name} refused the claim: ${rest.join(" ")}`));
    }
    connection.held++;
    idle();
    let ended = false;
    const end: EndClaim = (detail) => {
      if (ended) return;
      ended = true;
      connection.held--;
      if (!socket.destroyed) socket.write(`end ${id} ${detail ?? ""}\n`);
      idle();
    };
    waiter.resolve({ end, detail: rest.join(" ") });
  });
  const lost = (reason: string) => {
    if (connections.get(url) === connection) connections.delete(url);
    for (const waiter of connection.waiting.values()) waiter.reject(new Error(`${name} cannot be reached: ${reason}`));
    connection.waiting.clear();
    socket.destroy();
  };
  socket.on("error", (error) => lost(error.message));
  socket.on("close", () => lost("the connection closed"));
  return connection;
}

function readLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      onLine(line);
    }
  });
}
