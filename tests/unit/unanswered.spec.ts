import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { UnansweredRequests } from "../../src/client/unanswered";

function counter() {
  return new UnansweredRequests(path.join(mkdtempSync(path.join(tmpdir(), "unanswered-")), "count"), 10_000);
}

test("unanswered requests: two time-outs in a row still send, the third stops sending", () => {
  const requests = counter();
  requests.unanswered();
  requests.unanswered();
  expect(requests.refusal()).toBeUndefined();
  requests.unanswered();
  expect(requests.refusal()).toMatch(
    /^not sent: the target left the last 3 requests of this run unanswered; the run tries it again 10 s after/,
  );
});

test("unanswered requests: an answer resets the count", () => {
  const requests = counter();
  for (let i = 0; i < 3; i++) requests.unanswered();
  requests.answered();
  requests.unanswered();
  expect(requests.refusal()).toBeUndefined();
});

test("unanswered requests: after the cool-down one request goes through to see whether the target is back", () => {
  const requests = counter();
  for (let i = 0; i < 3; i++) requests.unanswered();
  expect(requests.refusal(Date.now() + 9_000)).toBeDefined();
  expect(requests.refusal(Date.now() + 10_500)).toBeUndefined();
});
