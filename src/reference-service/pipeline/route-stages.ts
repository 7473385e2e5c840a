import { isGuid } from "../../core/ids";
import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import { answers, type Answer, type Responder } from "../responder";
import type { Itwin, Store } from "../store";
import { bodyProblems, readJsonObject } from "./request-body";
import type { Handler, RequestContext, Route } from "./router";
import type { AnyRoute, RouteRequest } from "./routes";

/** The points where deviations act on every resource of an iTwin (deviations/itwins.ts). */
export interface ItwinHooks {
  /** Instead of the 404 of an iTwin the caller may not see, given the iTwin id and the credential as sent. */
  unknownItwin: Hooks<[{ id: string; token: string }], ApiError>;
}

/** What a stage decides: the request goes on (with what it found), or this answer ends it. */
type Stage<T> = { next: T } | { answer: Answer };

/** A request of any route, its parameters by name. */
type AnyRequest = RouteRequest<string> & { params: Record<string, string | undefined> };

const refuse = (error: ApiError): { answer: Answer } => ({ answer: answers.error(error) });

/**
 * The checks every route's requests pass, in order, before its handler:
 * its deviations' own answer, the iTwin the caller may see, the permission
 * the route needs, and its body, read and validated. A request refused before
 * its body is read has it drained; a route that takes no body never reads it.
 */
export class RouteStages {
  constructor(
    private readonly store: Store,
    private readonly respond: Responder,
    private readonly deviations: Deviations,
    private readonly itwinHooks: ItwinHooks,
    private readonly maxBodyBytes: number,
  ) {}

  /** The router's routes: the declarations grouped by path, each method's handler running the checks. */
  table(declarations: AnyRoute[]): Route[] {
    const byPath = new Map<string, Route>();
    for (const declaration of declarations) {
      const route = byPath.get(declaration.path) ?? { pattern: declaration.path.split("/"), methods: {} };
      route.methods[declaration.method] = this.handler(declaration);
      byPath.set(declaration.path, route);
    }
    return [...byPath.values()];
  }

  private handler(route: AnyRoute): Handler {
    return async (ctx) => {
      const answer = await this.answer(route, ctx);
      this.respond.answer(ctx.res, answer);
    };
  }

  private async answer(route: AnyRoute, { req, res, params, caller, token }: RequestContext): Promise<Answer> {
    if (!route.body) req.resume();
    const request: AnyRequest = { req, params, caller, token };
    const checked = this.check(route, request);
    if ("answer" in checked) {
      req.resume();
      return checked.answer;
    }
    let body: unknown;
    if (route.body) {
      const read = await readJsonObject(req, res, this.maxBodyBytes, route.body.invalidCode);
      if ("refusal" in read) return answers.error(read.refusal);
      const details = bodyProblems(route.body, read.body);
      if (details.length) return answers.error(errors.invalidRequest(route.body.invalidCode, details));
      body = read.body;
    }
    return route.handle({ ...request, itwin: checked.next, body });
  }

  /** The route's deviations, then the iTwin and the permission: the iTwin found, or the answer that ends the request. */
  private check(route: AnyRoute, request: AnyRequest): Stage<Itwin | undefined> {
    const d = this.deviations;
    const view = route.deviations?.view(request);
    const early = route.deviations?.before && d.instead(route.deviations.before, view);
    if (early) return { answer: early };
    if (route.needs === "a token") return { next: undefined };
    const itwin = this.visibleItwin(request.params.id ?? "", request);
    if ("answer" in itwin || route.needs === "to see the iTwin") return itwin;
    const { clientId } = request.caller;
    if ("organizationAdmin" in route.needs)
      return this.store.administersOwner(itwin.next, clientId) ? itwin : refuse(errors.insufficientPermissions());
    const { permission, orOrganizationAdmin, refusal } = route.needs;
    const seen = { ...(view as object), itwin: itwin.next };
    if (this.store.permits(itwin.next, clientId, permission, orOrganizationAdmin)) {
      const refused = route.deviations?.permitted && d.instead(route.deviations.permitted, seen);
      return refused ? refuse(refused) : itwin;
    }
    const instead = route.deviations?.unpermitted && d.instead(route.deviations.unpermitted, seen);
    if (instead === "allowed") return itwin;
    // A refusal as an unknown iTwin's tells the caller nothing more than an unknown iTwin would.
    return refuse(instead ?? (refusal === "ItwinNotFound" ? errors.itwinNotFound() : errors.insufficientPermissions()));
  }

  /** The iTwin `:id` names, if the caller may see it; otherwise its 404. */
  private visibleItwin(id: string, { caller, token }: RouteRequest<string>): Stage<Itwin> {
    const itwin = isGuid(id) ? this.store.visibleItwin(id, caller.clientId) : undefined;
    if (itwin) return { next: itwin };
    return refuse(this.deviations.instead(this.itwinHooks.unknownItwin, { id, token }) ?? errors.itwinNotFound());
  }
}
