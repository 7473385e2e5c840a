import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { ApiClient } from "../../src/client/api-client";
import { GroupLedger } from "../../src/provisioning/group-ledger";

// The groups a run created: recorded by every worker, deleted once at the end.

/** An API that answers every request with `status` and logs what was sent. */
function fakeApi(status = 204): { api: ApiClient; sent: string[] } {
  const sent: string[] = [];
  const api = {
    send: async (operationId: string, options: { params: Record<string, string> }) => {
      sent.push(`${operationId} ${options.params.groupId}`);
      return { status, headers: {}, text: "" };
    },
  } as unknown as ApiClient;
  return { api, sent };
}

test("the run's end deletes what every worker recorded in the journal; a group no longer a member is not removed first", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ledger-"));
  try {
    const journal = path.join(dir, "created-groups.log");
    const first = new GroupLedger(journal);
    const second = new GroupLedger(journal);
    first.recordCreated("g1");
    second.recordCreated("g2");
    first.recordNotMember("g1");
    const { api, sent } = fakeApi();
    await GroupLedger.fromJournal(journal).cleanUp(api, "i", 4);
    expect(sent.sort()).toEqual(["deleteItwinGroup g1", "deleteItwinGroup g2", "removeItwinGroupMember g2"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a journal never written leaves nothing to delete", async () => {
  const { api, sent } = fakeApi();
  await GroupLedger.fromJournal(path.join(tmpdir(), "no-such-journal.log")).cleanUp(api, "i", 4);
  expect(sent).toEqual([]);
});

test("a group whose deletion is refused is reported as left behind, after every other deletion was tried", async () => {
  const ledger = new GroupLedger();
  ledger.recordCreated("g1");
  ledger.recordCreated("g2");
  const { api, sent } = fakeApi(500);
  await expect(ledger.cleanUp(api, "i", 1)).rejects.toThrow(
    "clean-up left objects behind: group g1 (deleteItwinGroup answered 500); group g2 (deleteItwinGroup answered 500)",
  );
  expect(sent.filter((line) => line.startsWith("deleteItwinGroup"))).toHaveLength(2);
});

test("a worker's spare is a group it created, handed out once", () => {
  const ledger = new GroupLedger();
  ledger.recordCreated("g1");
  ledger.recordSpare("g1");
  ledger.recordSpare("not-created");
  expect([ledger.takeSpare(), ledger.takeSpare()]).toEqual(["g1", undefined]);
});
