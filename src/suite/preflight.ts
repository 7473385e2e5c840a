import { randomUUID } from "node:crypto";
import { ApiClient } from "../client/api-client";
import type { RequestGate } from "../client/request-gate";
import { errorCode, type Exchange } from "../client/exchange";
import { fetchFailure, unresolvedHostProblem } from "../client/fetch-failure";
import { ConfigError, TargetUnavailableError } from "../core/errors";
import { redact } from "../core/secrets";
import { exchangeLog } from "./exchange-log";
import { recognisedLookup, wrongTarget } from "./wrong-target";

/** What the preflight proves, and which setting each part comes from, for the message that names it. */
export interface PreflightPlan {
  baseUrl: string;
  token: string;
  /** The setting the admin credential comes from, e.g. CONFORMANCE_TOKEN. */
  credentialSetting: string;
  itwinId: string;
  /** The setting the iTwin id comes from, e.g. CONFORMANCE_ITWIN_ID. */
  itwinSetting: string;
  /** With manifest fixtures: the groups the manifest lists as members, and where each is written. */
  memberGroups?: { groupId: string; setting: string }[];
  timeoutMs: number;
  /** The run's request gate: the preflight's requests are paced like every other. */
  gate?: RequestGate;
}

/**
 * Proves, with the run's own admin identity and a few reads, that the setup
 * can work before any check runs: the target accepts the credential, the
 * iTwin exists for it, a manifest's member groups are members, and the base
 * URL is the API's (src/suite/wrong-target.ts). A setup
 * mistake then stops the run with one message (exit code 2) instead of
 * failing every check as if the implementation were at fault.
 */
export async function preflight(plan: PreflightPlan): Promise<void> {
  const api = new ApiClient({
    baseUrl: plan.baseUrl,
    token: plan.token,
    timeoutMs: plan.timeoutMs,
    // A 429 here is not worth a wait out of the setup's budget: the checks honour it later.
    retry: { maxRetries: 0, maxWaitSeconds: 0 },
    gate: plan.gate,
    log: exchangeLog(),
  });
  const lookups = [
    // A group no one has: the answer still tells a refused credential and an unknown iTwin apart.
    { groupId: randomUUID(), member: false, setting: plan.itwinSetting },
    ...(plan.memberGroups ?? []).map((g) => ({ groupId: g.groupId, member: true, setting: g.setting })),
  ];
  for (const [index, lookup] of lookups.entries()) {
    const params = { id: plan.itwinId, groupId: lookup.groupId };
    let answer: Exchange;
    let problem: string | undefined;
    try {
      answer = await api.send("getItwinGroupMember", { params });
      // The first lookup also tells whether the base URL is the API's at all.
      if (index === 0 && !recognisedLookup(answer)) problem = await wrongTarget(api, plan.baseUrl, params, answer);
    } catch (error) {
      if (error instanceof TargetUnavailableError) {
        throw new ConfigError(`connection error: the target ${plan.baseUrl} cannot be reached (${error.message})`);
      }
      throw error;
    }
    problem ??= refusal(plan, answer, lookup.member ? lookup : undefined);
    if (problem) throw new ConfigError(`configuration error: ${redact(problem)}`);
  }
}

/** The reachability check's error: a host the DNS cannot resolve is named as such, with the setting to fix. */
export function unreachableTarget(baseUrl: string, error: unknown, timeoutMs: number): ConfigError {
  return new ConfigError(
    `connection error: ${
      unresolvedHostProblem(error, baseUrl, "CONFORMANCE_BASE_URL") ??
      `the target ${baseUrl} cannot be reached (${fetchFailure(error, timeoutMs)})`
    }`,
  );
}

function refusal(
  plan: PreflightPlan,
  answer: Exchange,
  listedMember: { groupId: string; setting: string } | undefined,
): string | undefined {
  const code = errorCode(answer);
  const quoted = `${answer.method} ${answer.url.slice(plan.baseUrl.length)} answered ${answer.status}${code ? ` ${code}` : ""}`;
  if (answer.status === 401) {
    return (
      `the target refused the admin credential of ${plan.credentialSetting}: ${quoted}. ` +
      "Check that it is valid for this target (not expired, revoked, or for another audience). " +
      "A target that refuses every valid token cannot be told apart from a bad token: if the credential is valid, the target's authentication is at fault."
    );
  }
  if (answer.status === 403) {
    return `the identity of ${plan.credentialSetting} may not read the members of iTwin "${plan.itwinId}": ${quoted}; it must administer the iTwin`;
  }
  if (answer.status === 404 && code === "ItwinNotFound") {
    return `${plan.itwinSetting} names iTwin "${plan.itwinId}", which the target does not know for the identity of ${plan.credentialSetting}: ${quoted}; check the id, and that the iTwin is on this target`;
  }
  // Only the documented codes say "not a member": a target without this lookup (404 with another code) is not judged here.
  if (listedMember && answer.status === 404 && (code === "TeamMemberNotFound" || code === "GroupNotFound")) {
    return `${listedMember.setting} lists group "${listedMember.groupId}" as a member of iTwin "${plan.itwinId}", but it is not one: ${quoted}; make it a member, or remove it from the manifest`;
  }
  return undefined;
}
