/**
 * Runs the request model's cases against the target: draws up each request,
 * sends it through the suite's client (so the run's gate paces it and the
 * response observer judges it under its requirements), reads the run's
 * memberships back, judges answer and change (expectation.ts), and puts the
 * state back for the next case. Spends at most its request budget.
 */
import type { RequirementId } from "../../generated/requirements";
import type { FindingSink } from "../checks/observer";
import { errorCode, type Exchange } from "../client/exchange";
import { ProvisioningError } from "../core/errors";
import { curlCommand } from "../verdict/curl";
import { expectationOf, judge, type Expectation, type Problem } from "./expectation";
import type { ExplorationFinding, ExplorationSummary, Phase } from "./findings";
import { changeBetween, readMemberships, type Memberships } from "./memberships";
import { parts, validDraft, type Draft, type ModelContext, type Part, type RequestClass } from "./model";
import { className, classesOf } from "./request-classes";
import { sendDraft } from "./send";
import type { ExplorationWorld } from "./world";

/** One case: a class per part (the valid ones may be left out), and which form each class takes. */
export interface Case {
  classes: RequestClass[];
  variant: number;
}

export interface CaseResult {
  problems: Problem[];
  exchange: Exchange;
}

/** The request budget, shared by the phases: every request counts, state readings and re-provisioning included. */
export class Budget {
  used = 0;
  constructor(readonly limit: number) {}
  get left(): number {
    return Math.max(0, this.limit - this.used);
  }
}

/** Findings past this many are counted, not kept: one fault tends to show in many cases. */
const keptFindings = 25;
/** Each requirement's first findings go to the verdict as violations; the rest only to the summary. */
const recordedPerRequirement = 3;

export class Explorer {
  readonly findings: ExplorationFinding[] = [];
  readonly casesPerClass: Record<string, number> = {};
  /** The memberships each step starts from (and the state is put back to). */
  baseline: Memberships = new Map();
  /** Member groups beside the world's member, one per case of a batch of removals (batches.ts). */
  readonly spares: string[] = [];
  private readonly recorded = new Map<RequirementId, number>();

  constructor(
    readonly world: ExplorationWorld,
    readonly budget: Budget,
    private readonly seed: string,
    private readonly record: (id: RequirementId, message: string, exchange: Exchange | undefined) => void,
  ) {}

  /** The classes this run may send for a part: with a manifest's target, the group named is always one that names nothing. */
  classesOf(part: Part): RequestClass[] {
    const all = classesOf(part);
    if (part !== "groupId" || this.world.readsState) return all;
    return all.filter((c) => c.name === "an unknown group");
  }

  /**
   * A sink for the response observer that leaves to this exploration the
   * answers it allows: an undocumented 4xx to a request outside the
   * documented ones is not a finding of DOCUMENTED-STATUS, ERROR-JSON or ERROR-SCHEMA.
   */
  private observerSink(inner: FindingSink, expected: Expectation): FindingSink {
    const overlooked: RequirementId[] = ["DOCUMENTED-STATUS", "ERROR-JSON", "ERROR-SCHEMA"];
    return {
      seen: (exchange) => inner.seen(exchange),
      held: (id, exchange) => inner.held(id, exchange),
      violation: (id, message, exchange) => {
        const allowed = expected.undocumentedAllowed && exchange.status >= 400 && exchange.status < 500;
        if (allowed && overlooked.includes(id) && ![401, 404, 429].includes(exchange.status)) return;
        inner.violation(id, message, exchange);
      },
    };
  }

  /** Makes the exploration's groups members, under the lock: a membership added while another test watches its own may be the one a broken removal ends. */
  async start(): Promise<void> {
    await this.world.alone(async () => {
      await this.world.provision();
      this.baseline = await this.read();
    });
  }

  /** Sends one case and judges it; the state is put back when it changed. */
  async run(given: Case): Promise<CaseResult> {
    return this.world.alone(async () => {
      await this.settle();
      const { result, after, names } = await this.judgeIn(this.world.context, given, this.baseline);
      const change = changeBetween(this.baseline, after, names);
      if (change.namedEnded || change.othersChanged.length) await this.restore(after, names, change.othersChanged);
      return result;
    });
  }

  /**
   * Sends one case drawn up in `context` and judges its answer and the change
   * from `before` (what the memberships were, or what the model says they are).
   */
  async judgeIn(
    context: ModelContext,
    given: Case,
    before: Memberships,
    /** The groups whose memberships are read back: by default every group this exploration made. */
    scope?: string[],
  ): Promise<{ result: CaseResult; after: Memberships; names: string | undefined }> {
    const { draft, expected, exchange } = await this.send(context, given);
    const after = await this.read(scope);
    const change = changeBetween(before, after, draft.names);
    const problems = judge(expected, exchange.status, errorCode(exchange), change);
    return { result: { problems, exchange }, after, names: draft.names };
  }

  /** The case's expectation: a part it leaves out takes its first class in this run, the documented value. */
  expectationOf(given: Case): Expectation {
    return expectationOf(this.completed(given));
  }

  private completed(given: Case): RequestClass[] {
    return parts.map((part) => given.classes.find((c) => c.part === part) ?? this.classesOf(part)[0]!);
  }

  /**
   * Draws up a case in `context` and sends it. `defer`: the observer's calls
   * are handed to it instead of made (a batch records them in its own order).
   */
  async send(
    context: ModelContext,
    given: Case,
    defer?: (call: () => void) => void,
  ): Promise<{ draft: Draft; expected: Expectation; exchange: Exchange }> {
    const classes = this.completed(given);
    // Built as it is sent: the credentials made from the admin's token are made from the current one.
    context = { ...context, token: await this.world.currentToken() };
    const draft = validDraft(context);
    for (const c of classes) c.apply(draft, context, given.variant);
    const expected = expectationOf(classes);
    for (const c of given.classes) this.casesPerClass[className(c)] = (this.casesPerClass[className(c)] ?? 0) + 1;
    const api = this.world.judged((inner) => this.observerSink(defer ? deferred(inner, defer) : inner, expected));
    return { draft, expected, exchange: await sendDraft(api, draft) };
  }

  /** Records a finding under its requirement (the run's verdict) and in the summary (conformance.json). */
  report(
    phase: Phase,
    request: string[],
    problem: Problem,
    exchange: Exchange | undefined,
    replay: string,
    seed = this.seed,
  ): void {
    const message = `exploration (${phase}, ${request.join(" + ") || "the documented request"}): ${problem.message}`;
    if (this.findings.length < keptFindings)
      this.findings.push({ requirement: problem.requirement, phase, request, message: problem.message, replay, seed });
    const recorded = (this.recorded.get(problem.requirement) ?? 0) + 1;
    this.recorded.set(problem.requirement, recorded);
    if (recorded <= recordedPerRequirement)
      this.record(problem.requirement, `${message} (replay with --explore-seed ${seed})`, exchange);
  }

  replayOf(exchange: Exchange): string {
    return curlCommand(exchange, this.world.run.baseUrl) ?? "";
  }

  summary(phaseCases: ExplorationSummary["cases"], startedAt: number): ExplorationSummary {
    return {
      seed: this.seed,
      budget: this.budget.limit,
      requests: this.budget.used,
      cases: phaseCases,
      casesPerClass: this.casesPerClass,
      findings: this.findings,
      budgetExhausted: this.budget.left === 0,
      stateRead: this.world.readsState,
      durationMs: Date.now() - startedAt,
    };
  }

  read(scope = this.world.owned()): Promise<Memberships> {
    const { readsState, setupApi, context } = this.world;
    return readsState ? readMemberships(setupApi, context.itwinId, scope) : Promise.resolve(new Map());
  }

  /**
   * What the other tests did between two steps is theirs, not the next case's:
   * a broken removal of theirs may end one of the exploration's memberships
   * meanwhile. Each step starts from the memberships its baseline names.
   */
  async settle(): Promise<void> {
    const now = await this.read();
    const change = changeBetween(this.baseline, now, undefined);
    if (change.othersChanged.length) await this.restore(now, undefined, change.othersChanged);
  }

  /** After an expected removal the member joins again (a membership removed and re-added); after anything else, new groups. */
  async restore(after: Memberships, named: string | undefined, othersChanged: string[]): Promise<void> {
    const id = named?.toLowerCase();
    if (!othersChanged.length && id && this.baseline.has(id) && !after.has(id)) await this.rejoin([id]);
    else await this.reprovision();
  }

  /** The removed memberships of the baseline join again, in one request; new groups if that fails. */
  async rejoin(ids: string[]): Promise<void> {
    if (!ids.length) return;
    try {
      await this.world.addMembers(ids.map((id) => ({ groupId: id, roles: this.baseline.get(id)! })));
    } catch (error) {
      if (!(error instanceof ProvisioningError)) throw error;
      await this.reprovision();
    }
  }

  private async reprovision(): Promise<void> {
    await this.world.provision();
    this.baseline = await this.read();
  }
}

/** A sink that hands each of its calls to `defer` rather than making it. */
function deferred(inner: FindingSink, defer: (call: () => void) => void): FindingSink {
  return {
    seen: (exchange) => defer(() => inner.seen(exchange)),
    held: (id, exchange) => defer(() => inner.held(id, exchange)),
    violation: (id, message, exchange) => defer(() => inner.violation(id, message, exchange)),
  };
}

export type { ModelContext };
