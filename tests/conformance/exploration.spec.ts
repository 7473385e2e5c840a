import { explore } from "../../src/exploration/exploration";
import { explorationAttachment } from "../../src/exploration/findings";
import { defaultExploreRequests, defaultExploreSeed } from "../../src/exploration/settings";
import { tags, test } from "../../src/suite/fixtures";

// After the fixed checks, the exploration: the request model's classes once
// each and pairwise, random requests and sequences from the seed, within the
// request budget (docs/exploration.md). Every answer is judged by the response
// observer; the memberships of the run's groups are read back after each
// request. Its findings are reported under the requirements they break.

test(
  "exploration: generated requests and sequences break no requirement",
  tags("NO-CHANGE-ON-ERROR", "AUTH-SCHEME-SYNTAX"),
  async ({ setupApi, findings, run, roleId, groupLedger, unknownId }, testInfo) => {
    const { requests, seed } = run.exploration ?? {
      requests: defaultExploreRequests[run.embedded ? "embedded" : "external"],
      seed: defaultExploreSeed,
    };
    test.skip(requests === 0, "CONFORMANCE_EXPLORE_REQUESTS=0 turns the exploration off");
    // Every request may wait for its turn at the run's gate: the time allowed grows with the budget.
    test.setTimeout(60_000 + requests * Math.min(run.settings.requestTimeoutMs, 2_000));
    const summary = await explore({
      run,
      setupApi,
      groupLedger,
      roleId,
      unknownId: () => unknownId("group"),
      requests,
      seed,
      findings,
      log: (line) => console.log(line),
    });
    testInfo.attachments.push({
      name: explorationAttachment,
      contentType: "application/json",
      body: Buffer.from(JSON.stringify(summary)),
    });
  },
);
