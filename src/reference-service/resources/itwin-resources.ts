import { isGuid } from "../../core/ids";
import { isJsonMediaType } from "../../core/media-types";
import type { ServerResponse } from "node:http";
import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import { readBody } from "../http";
import type { RequestContext } from "../pipeline/router";
import type { Responder } from "../responder";
import type { Itwin, Permission, Store } from "../store";

/** The points where deviations act on every resource of an iTwin (deviations/itwins.ts). */
export interface ItwinHooks {
  /** Instead of the 404 of an iTwin the caller may not see, given the iTwin id and the credential as sent. */
  unknownItwin: Hooks<[{ id: string; token: string }], ApiError>;
}

type Body = Record<string, unknown>;

/** What the handlers of an iTwin's resources share: the store, the answers, and the checks every request goes through. */
export class ItwinResources {
  constructor(
    readonly store: Store,
    readonly respond: Responder,
    readonly deviations: Deviations,
    private readonly hooks: ItwinHooks,
    private readonly maxBodyBytes: number,
  ) {}

  fail(res: ServerResponse, error: ApiError): void {
    this.respond.error(res, error);
  }

  /** The iTwin the caller may see, or a 404 already sent. */
  itwinFor(ctx: RequestContext): Itwin | undefined {
    const id = ctx.params.id ?? "";
    const itwin = isGuid(id) ? this.store.visibleItwin(id, ctx.caller.clientId) : undefined;
    if (!itwin)
      this.fail(
        ctx.res,
        this.deviations.instead(this.hooks.unknownItwin, { id, token: ctx.token }) ?? errors.itwinNotFound(),
      );
    return itwin;
  }

  /** Whether the caller holds `permission` in `itwin`; a 403 already sent when not. */
  private allowed(ctx: RequestContext, itwin: Itwin, permission: Permission): boolean {
    if (this.store.can(itwin, ctx.caller.clientId, permission)) return true;
    this.fail(ctx.res, errors.insufficientPermissions());
    return false;
  }

  /** The iTwin, once the caller holds `permission` in it; otherwise the refusal is sent and the body left unread. */
  itwinAllowing(ctx: RequestContext, permission: Permission): Itwin | undefined {
    const itwin = this.itwinFor(ctx);
    if (itwin && this.allowed(ctx, itwin, permission)) return itwin;
    ctx.req.resume();
    return undefined;
  }

  /** The JSON body of a write, or an error already sent. */
  async jsonBody(ctx: RequestContext, invalidCode: string): Promise<Body | undefined> {
    const type = ctx.req.headers["content-type"] ?? "";
    if (!isJsonMediaType(type)) {
      ctx.req.resume();
      this.fail(ctx.res, errors.unsupportedMediaType());
      return undefined;
    }
    const body = await readBody(ctx.req, this.maxBodyBytes);
    if (!body.ok) {
      ctx.res.setHeader("Connection", "close");
      this.fail(ctx.res, errors.payloadTooLarge(this.maxBodyBytes));
      return undefined;
    }
    try {
      const parsed: unknown = JSON.parse(body.text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Body;
    } catch {
      // reported below
    }
    this.fail(
      ctx.res,
      errors.invalidRequest(invalidCode, [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }]),
    );
    return undefined;
  }

  /** Whether each of `names` is a non-empty string in `body`; a 422 naming those that are not already sent when not. */
  requireStrings(ctx: RequestContext, body: Body, code: string, names: string[]): boolean {
    const details = names
      .filter((name) => typeof body[name] !== "string" || (body[name] as string).length === 0)
      .map((name) =>
        body[name] === undefined
          ? { code: "MissingRequiredProperty", message: `${name} is missing.`, target: name }
          : { code: "InvalidProperty", message: `${name} must be a non-empty string.`, target: name },
      );
    if (details.length) this.fail(ctx.res, errors.invalidRequest(code, details));
    return details.length === 0;
  }
}
