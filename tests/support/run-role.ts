import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Answers the run's role requests (the global setup creates one role, the
 * run's end deletes it) for a hand-made target that scripts only the checks'
 * answers. Returns whether it answered.
 */
export function answerRunRole(request: IncomingMessage, response: ServerResponse): boolean {
  const url = request.url ?? "";
  if (request.method === "DELETE" && /\/roles\/[^/]+$/.test(url)) {
    response.writeHead(204).end();
    return true;
  }
  if (request.method !== "POST" || !/\/roles$/.test(url)) return false;
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => (body += chunk));
  request.on("end", () => {
    const { displayName } = JSON.parse(body) as { displayName: string };
    response
      .writeHead(201, { "Content-Type": "application/json" })
      .end(JSON.stringify({ role: { id: "4caed38b-0000-4000-8000-000000000001", displayName, description: "" } }));
  });
  return true;
}
