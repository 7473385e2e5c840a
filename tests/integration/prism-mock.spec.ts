import { expect, test } from "@playwright/test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse, stringify } from "yaml";
import { recommendedAccept } from "../../src/core/media-types";
import { specPath } from "../../src/validation/spec";
import { eventually, startInBackground, type BackgroundRun } from "../support/harness";

// A mock generated from the fragment by a third-party tool (Prism) must accept every removal the suite requires to
// succeed: a fragment stricter than the documentation turns a vendor's generated mock into a failing one.

const prismCli = require.resolve("@stoplight/prism-cli/dist/index.js");
const someId = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const otherId = "3f2504e0-4f89-41d3-9a0c-0305e82c3302";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Prism's mock of `fragment` on loopback, once it listens; the caller finishes it. */
async function prismMock(fragment: string): Promise<{ origin: string; prism: BackgroundRun }> {
  const port = await freePort();
  const prism = startInBackground({ nodeArgs: [prismCli, "mock", "-h", "127.0.0.1", "-p", String(port), fragment] });
  const listening = await eventually(() => /Prism is listening/.test(prism.output()), 30_000);
  if (!listening) {
    prism.signalGroup("SIGKILL");
    await prism.finish();
    throw new Error(`Prism did not start:\n${prism.output()}`);
  }
  return { origin: `http://127.0.0.1:${port}`, prism };
}

async function removalStatuses(origin: string, accepts: (string | undefined)[]): Promise<(number | string)[]> {
  const statuses: (number | string)[] = [];
  for (const accept of accepts) {
    const response = await fetch(`${origin}/itwins/${someId}/members/groups/${otherId}`, {
      method: "DELETE",
      headers: { Authorization: "Bearer any", ...(accept === undefined ? {} : { Accept: accept }) },
    });
    statuses.push(`${accept ?? "(no Accept)"}: ${response.status}`);
  }
  return statuses;
}

const accepts = [recommendedAccept, "*/*", "application/json", undefined];

test.describe.configure({ mode: "serial", timeout: 60_000 });

test("a Prism mock of the fragment answers 204 to a removal with any Accept the suite sends", async () => {
  const { origin, prism } = await prismMock(specPath);
  try {
    expect(await removalStatuses(origin, accepts)).toEqual(accepts.map((a) => `${a ?? "(no Accept)"}: 204`));
  } finally {
    prism.signalGroup("SIGTERM");
    await prism.finish(10_000);
  }
});

test("a Prism mock of a fragment that makes Accept an enum refuses Accept */* with 422", async () => {
  // The control: the same request against the fragment as it once was proves the check above can fail.
  const dir = mkdtempSync(path.join(tmpdir(), "fragment-"));
  const strict = path.join(dir, "strict.openapi.yaml");
  const fragment = parse(readFileSync(specPath, "utf8")) as {
    components: { parameters: { Accept: { schema: { default: string; enum?: string[] } } } };
  };
  const accept = fragment.components.parameters.Accept.schema;
  accept.enum = [accept.default];
  writeFileSync(strict, stringify(fragment));
  const { origin, prism } = await prismMock(strict);
  try {
    expect(await removalStatuses(origin, ["*/*"])).toEqual(["*/*: 422"]);
  } finally {
    prism.signalGroup("SIGTERM");
    await prism.finish(10_000);
    rmSync(dir, { recursive: true, force: true });
  }
});
