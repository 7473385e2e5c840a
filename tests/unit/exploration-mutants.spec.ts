import { request as httpRequest } from "node:http";
import { mutants, type DeviationName } from "../../generated/deviations";
import { tokenSignedByUnknownKey, unsignedToken } from "../../src/auth/forged-tokens";
import { platformScope } from "../../src/reference-service/auth";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import { expect, test } from "../support/reference-service";

// The mutants of specs/mutants.yaml that only exploration reaches, each proven
// real: the one request or sequence that reaches its fault gets the faulty
// answer from a reference service with that mutant, and the right answer from
// the plain reference service. What the fixed checks make of them is the
// judge's to show (they must pass them).

interface Sent {
  status: number;
  text: string;
}

/** One reference service, and the requests a scenario sends to it, headers exactly as given. */
class Target {
  private constructor(
    readonly service: ReferenceService,
    readonly token: string,
  ) {}

  static async start(deviations: DeviationName[]): Promise<Target> {
    const service = await startReferenceService({ rateLimit: { limit: 0, windowSeconds: 1 }, deviations });
    const token = await service.issuer.mint({
      clientId: service.clients.admin.clientId,
      scopes: [platformScope],
      lifetimeSeconds: 300,
    });
    return new Target(service, token);
  }

  get itwinId(): string {
    return this.service.seed.itwinId;
  }

  /** Sends `method path` below the API base with only the headers given (node adds Host and Connection). */
  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Sent> {
    const { hostname, port } = new URL(this.service.origin);
    // node frames no body of a DELETE on its own: without a length its bytes would read as the next request.
    if (body !== undefined) headers = { ...headers, "Content-Length": String(Buffer.byteLength(body)) };
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: hostname, port, method, path: `/accesscontrol${path}`, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on("error", reject);
      req.end(body);
    });
  }

  /** What a well-behaved client sends: the admin's token, JSON asked for (and sent, with a body). */
  headers(body?: unknown): Record<string, string> {
    return {
      Authorization: `Bearer ${this.token}`,
      Accept: "application/vnd.bentley.itwin-platform.v2+json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    };
  }

  async call(method: string, path: string, body?: unknown): Promise<Sent> {
    return this.send(method, path, this.headers(body), body === undefined ? undefined : JSON.stringify(body));
  }

  async created(path: string, body: unknown, key: "group" | "role"): Promise<string> {
    const sent = await this.call("POST", `/itwins/${this.itwinId}/${path}`, body);
    expect(sent.status, sent.text).toBe(201);
    return (JSON.parse(sent.text) as Record<string, { id: string }>)[key]!.id;
  }

  newRole(): Promise<string> {
    return this.created("roles", { displayName: `role ${Math.random()}`, description: "explored" }, "role");
  }

  /** A new group, made a member holding `roleIds` (the seeded role by default). */
  async newMember(roleIds = [this.service.seed.seededRoleId]): Promise<string> {
    const groupId = await this.created("groups", { name: `group ${Math.random()}`, description: "explored" }, "group");
    await this.add(groupId, roleIds);
    return groupId;
  }

  async add(groupId: string, roleIds = [this.service.seed.seededRoleId]): Promise<void> {
    const sent = await this.call("POST", `/itwins/${this.itwinId}/members/groups`, { members: [{ groupId, roleIds }] });
    expect(sent.status, sent.text).toBe(201);
  }

  memberPath(groupId: string, itwinId = this.itwinId): string {
    return `/itwins/${itwinId}/members/groups/${groupId}`;
  }

  /** A removal as a client sends it, with the admin's credentials. */
  remove(groupId: string): Promise<Sent> {
    return this.call("DELETE", this.memberPath(groupId));
  }

  async isMember(groupId: string): Promise<boolean> {
    const sent = await this.call("GET", this.memberPath(groupId));
    expect([200, 404], sent.text).toContain(sent.status);
    return sent.status === 200;
  }

  /** A status and whether the membership remains: 4xx stands for any client error. */
  async outcome(answer: Sent | Sent[], groupId: string): Promise<string> {
    const statuses = [answer]
      .flat()
      .map((a) => (a.status >= 400 && a.status < 500 ? "4xx" : String(a.status)))
      .sort();
    return `${statuses.join(", ")}; ${(await this.isMember(groupId)) ? "still a member" : "membership gone"}`;
  }
}

type Scenario = (target: Target) => Promise<string>;

const admin = (t: Target) => t.headers();

/** Per mutant: the request or sequence that reaches its fault, and its outcome with the mutant and without. */
const cases: { mutant: DeviationName; reachedBy: string; scenario: Scenario; faulty: string; correct: string }[] = [
  {
    mutant: "query-parameter-answers-500",
    reachedBy: "a removal with a query parameter (?force=true)",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", `${t.memberPath(g)}?force=true`, admin(t)), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "query-answers-404-after-removal",
    reachedBy: "a removal with a query parameter (?force=true)",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", `${t.memberPath(g)}?force=true`, admin(t)), g);
    },
    correct: "204; membership gone",
    faulty: "4xx; membership gone",
  },
  {
    mutant: "lowercase-bearer-refused",
    reachedBy: "a removal with the admin's valid token, sent with the scheme spelt bearer",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(g), { ...admin(t), Authorization: `bearer ${t.token}` }), g);
    },
    correct: "204; membership gone",
    faulty: "4xx; still a member",
  },
  {
    mutant: "body-on-delete-answers-502",
    reachedBy: "a removal with a JSON body",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(g), t.headers({}), "{}"), g);
    },
    correct: "204; membership gone",
    faulty: "502; still a member",
  },
  {
    mutant: "json-content-type-without-body-answers-500",
    reachedBy: "a removal with Content-Type application/json and no body",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(g), { ...admin(t), "Content-Type": "application/json" }), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "missing-accept-answers-500",
    reachedBy: "a removal without an Accept header",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(g), { Authorization: `Bearer ${t.token}` }), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "percent-encoded-itwin-id-answers-500",
    reachedBy: "a removal whose iTwin id has its hyphens percent-encoded (%2D)",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(g, t.itwinId.replace(/-/g, "%2D")), admin(t)), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "braced-guid-accepted",
    reachedBy: "a removal of a member named {<id>} (%7B<id>%7D)",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(`%7B${g}%7D`), admin(t)), g);
    },
    correct: "4xx; still a member",
    faulty: "204; membership gone",
  },
  {
    mutant: "trailing-characters-ignored",
    reachedBy: "a removal of a member named <id>x",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(`${g}x`), admin(t)), g);
    },
    correct: "4xx; still a member",
    faulty: "204; membership gone",
  },
  {
    mutant: "whitespace-trimmed",
    reachedBy: "a removal of a member named %20<id>",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await t.send("DELETE", t.memberPath(`%20${g}`), admin(t)), g);
    },
    correct: "4xx; still a member",
    faulty: "204; membership gone",
  },
  {
    mutant: "lowercase-scheme-skips-signature",
    reachedBy: "a removal with a JWT signed by an unknown key, sent with the scheme spelt bearer",
    scenario: async (t) => {
      const g = await t.newMember();
      const forged = `bearer ${await tokenSignedByUnknownKey(t.token)}`;
      return t.outcome(await t.send("DELETE", t.memberPath(g), { ...admin(t), Authorization: forged }), g);
    },
    correct: "4xx; still a member",
    faulty: "204; membership gone",
  },
  {
    mutant: "two-part-jwt-accepted",
    reachedBy: "a removal with the admin's JWT cut before its signature (header.payload)",
    scenario: async (t) => {
      const g = await t.newMember();
      const cut = t.token.split(".").slice(0, 2).join(".");
      return t.outcome(await t.send("DELETE", t.memberPath(g), { ...admin(t), Authorization: `Bearer ${cut}` }), g);
    },
    correct: "4xx; still a member",
    faulty: "204; membership gone",
  },
  {
    mutant: "jwt-shaped-garbage-answers-500",
    reachedBy: "a removal with the credential Bearer abc.def.ghi",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(
        await t.send("DELETE", t.memberPath(g), { ...admin(t), Authorization: "Bearer abc.def.ghi" }),
        g,
      );
    },
    correct: "4xx; still a member",
    faulty: "500; still a member",
  },
  {
    mutant: "multi-role-member-answers-500",
    reachedBy: "add a member holding two roles, remove it",
    scenario: async (t) => {
      const g = await t.newMember([t.service.seed.seededRoleId, await t.newRole()]);
      return t.outcome(await t.remove(g), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "updated-membership-answers-500",
    reachedBy: "add a member, update its roles, remove it",
    scenario: async (t) => {
      const g = await t.newMember();
      const updated = await t.call("PATCH", t.memberPath(g), { roleIds: [await t.newRole()] });
      expect(updated.status, updated.text).toBe(200);
      return t.outcome(await t.remove(g), g);
    },
    correct: "204; membership gone",
    faulty: "500; still a member",
  },
  {
    mutant: "readded-membership-stays",
    reachedBy: "add a member, remove it, add it again, remove it again",
    scenario: async (t) => {
      const g = await t.newMember();
      expect((await t.remove(g)).status).toBe(204);
      await t.add(g);
      return t.outcome(await t.remove(g), g);
    },
    correct: "204; membership gone",
    faulty: "204; still a member",
  },
  {
    mutant: "concurrent-removals-answer-500",
    reachedBy: "add a member, send two removals of it at once",
    scenario: async (t) => {
      const g = await t.newMember();
      return t.outcome(await Promise.all([t.remove(g), t.remove(g)]), g);
    },
    correct: "204, 4xx; membership gone",
    faulty: "204, 500; membership gone",
  },
];

const explorationOnly = mutants.filter((m) => m.reachedBy === "exploration").map((m) => m.name);

test("every mutant only exploration reaches has its proof here, and only those", () => {
  expect(cases.map((c) => c.mutant).sort()).toEqual([...explorationOnly].sort());
});

for (const { mutant, reachedBy, scenario, faulty, correct } of cases) {
  test(`${mutant}: ${reachedBy}`, async () => {
    const [plain, broken] = await Promise.all([Target.start([]), Target.start([mutant])]);
    try {
      expect(await scenario(plain), "the reference service").toBe(correct);
      expect(await scenario(broken), `the reference service with ${mutant}`).toBe(faulty);
      expect(broken.service.deviations.usage()[mutant], "answers the mutant changed").toBeGreaterThan(0);
    } finally {
      await Promise.all([plain.service.close(), broken.service.close()]);
    }
  });
}

test("lowercase-scheme-skips-signature still accepts a valid token in any spelling of the scheme, as it must", async () => {
  const target = await Target.start(["lowercase-scheme-skips-signature"]);
  try {
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      const g = await target.newMember();
      const answer = await target.send("DELETE", target.memberPath(g), {
        ...admin(target),
        Authorization: `${scheme} ${target.token}`,
      });
      expect(await target.outcome(answer, g), scheme).toBe("204; membership gone");
    }
    expect(target.service.deviations.usage()["lowercase-scheme-skips-signature"]).toBe(0);
  } finally {
    await target.service.close();
  }
});

// The fault is in the other spellings alone: in the one the fixed checks send, forged tokens are refused.
test("lowercase-scheme-skips-signature refuses a forged or unsigned token sent as Bearer", async () => {
  const target = await Target.start(["lowercase-scheme-skips-signature"]);
  try {
    for (const forged of [await tokenSignedByUnknownKey(target.token), unsignedToken(target.token)]) {
      const g = await target.newMember();
      const answer = await target.send("DELETE", target.memberPath(g), {
        ...admin(target),
        Authorization: `Bearer ${forged}`,
      });
      expect(await target.outcome(answer, g)).toBe("4xx; still a member");
    }
  } finally {
    await target.service.close();
  }
});
