import type { ServerResponse } from "node:http";
import type { ApiError } from "./errors";
import { sendError } from "./http";

/**
 * Deliberate deviations the reference service can be started with, each
 * breaking or bending exactly one documented behaviour. They prove the
 * suite's verdicts: a run against a faulty service must fail (MUST) or warn
 * about (SHOULD) the requirements the fault names. Turned on per instance
 * (`faults` option, or REFERENCE_FAULTS for the standalone service), never by
 * editing code.
 */
export const faultCatalog = {
  "remove-answers-200-with-body": { description: "A valid removal answers 200 with a JSON body instead of 204.", breaks: ["REMOVE-204"] },
  "remove-answers-202": { description: "A valid removal answers 202 Accepted, a status the operation does not document.", breaks: ["REMOVE-204", "DOCUMENTED-STATUS"] },
  "remove-204-with-content": { description: "A valid removal answers 204 announcing content (Content-Length: 2).", breaks: ["REMOVE-NO-BODY"] },
  "remove-204-with-bytes": { description: "A valid removal answers 204 and then sends a JSON body anyway, undeclared.", breaks: ["REMOVE-NO-BODY"] },
  "remove-does-nothing": { description: "A valid removal answers 204 but the membership stays.", breaks: ["REMOVE-MEMBERSHIP-GONE"] },
  "remove-deletes-group": { description: "A removal deletes the group itself along with its membership.", breaks: ["REMOVE-GROUP-KEPT"] },
  "remove-ends-all-memberships": { description: "A removal ends every group membership of the iTwin.", breaks: ["REMOVE-OTHERS-KEPT"] },
  "missing-header-wrong-code": { description: "A request without Authorization answers 401 with code Unauthorized, not HeaderNotFound.", breaks: ["AUTH-MISSING-HEADER"] },
  "any-bearer-accepted": { description: "Any Bearer token is accepted as the admin's.", breaks: ["AUTH-INVALID-TOKEN"] },
  "scope-not-checked": { description: "A correctly signed token without the itwin-platform scope is accepted.", breaks: ["AUTH-INVALID-TOKEN"] },
  "not-found-before-auth": { description: "An unknown iTwin is answered 404 before the credentials are looked at.", breaks: ["AUTH-BEFORE-EXISTENCE"] },
  "itwin-id-ignored": { description: "A removal ends the group's membership in whichever iTwin has it, whatever iTwin the path names.", breaks: ["NOT-FOUND-ITWIN"] },
  "unknown-group-answers-204": { description: "A removal of a group the iTwin does not have answers 204.", breaks: ["NOT-FOUND-GROUP"] },
  "non-member-answers-204": { description: "A removal of a group that is not a member answers 204.", breaks: ["NOT-FOUND-NON-MEMBER"] },
  "429-wrong-code": { description: "A 429 carries code TooManyRequests instead of RateLimitExceeded.", breaks: ["RATE-LIMIT-429"] },
  "429-without-retry-after": { description: "A 429 carries no Retry-After header.", breaks: ["RATE-LIMIT-RETRY-AFTER"] },
  "retry-after-too-short": { description: "Retry-After says 1 s but the limit lasts 5 s more.", breaks: ["RATE-LIMIT-RECOVERY"] },
  "no-rate-limited-headers": { description: "A 429 carries none of the ITwinPlatform-RateLimited-* headers.", breaks: ["RATE-LIMIT-HEADERS"] },
  "echo-token-in-not-found": {
    description: "The 404 for an unknown iTwin quotes the caller's access token in its code and message (a leak the suite must not repeat).",
    breaks: ["NOT-FOUND-ITWIN"],
  },
  "errors-as-text": { description: "Error responses are text/plain.", breaks: ["ERROR-JSON"] },
  "error-without-message": { description: "Error bodies lack error.message.", breaks: ["ERROR-SCHEMA"] },
} as const satisfies Record<string, { description: string; breaks: string[] }>;

export type FaultName = keyof typeof faultCatalog;

export function parseFaults(list: string | undefined): Set<FaultName> {
  const names = (list ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in faultCatalog));
  if (unknown.length) throw new Error(`unknown fault(s): ${unknown.join(", ")}; known: ${Object.keys(faultCatalog).join(", ")}`);
  return new Set(names as FaultName[]);
}

/** The faults of one service instance, with the hooks that bend every error response. */
export class Faults {
  private readonly names: ReadonlySet<FaultName>;

  constructor(names: Iterable<FaultName> = []) {
    this.names = new Set(names);
  }

  has(name: FaultName): boolean {
    return this.names.has(name);
  }

  /** Sends an error response, bent by whatever faults touch error responses. */
  sendError(res: ServerResponse, original: ApiError): void {
    let error = original;
    const headers = { ...error.headers };
    if (error.status === 429) {
      if (this.has("429-without-retry-after")) delete headers["Retry-After"];
      if (this.has("no-rate-limited-headers")) for (const name of Object.keys(headers)) if (name.startsWith("ITwinPlatform-RateLimited-")) delete headers[name];
      if (this.has("429-wrong-code")) error = { ...error, code: "TooManyRequests" };
    }
    if (error.code === "HeaderNotFound" && this.has("missing-header-wrong-code")) error = { ...error, code: "Unauthorized" };
    if (this.has("error-without-message")) error = { ...error, message: undefined as unknown as string };
    if (this.has("errors-as-text")) {
      const text = `${error.code}: ${error.message}`;
      res.writeHead(error.status, { ...headers, "Content-Type": "text/plain; charset=utf-8", "Content-Length": String(Buffer.byteLength(text)) });
      res.end(text);
      return;
    }
    sendError(res, { ...error, headers });
  }

  /** A 204 followed by bytes no header announces: written to the socket, since node would not send them. */
  static sendNoContentThenBytes(res: ServerResponse): void {
    const socket = res.socket;
    if (!socket) return void res.end();
    res.detachSocket(socket);
    socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n{"removed":true}');
  }

  /** A 204 that announces content; node sends no body with a 204 whatever the headers say. */
  static sendNoContentWithContent(res: ServerResponse): void {
    res.writeHead(204, { "Content-Type": "application/json", "Content-Length": "2" });
    res.end();
  }
}

