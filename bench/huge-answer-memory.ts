/**
 * What a target answering every request with a huge body costs the client:
 * peak memory (the process's RSS, sampled, and the kernel's high-water mark)
 * and time per request, for ApiClient.send against a loopback server in a
 * child process that answers every request with a 200 MB body.
 *
 *   npx tsx bench/huge-answer-memory.ts [--requests 20] [--mb 200]
 *
 * The body is sent as fast as the client takes it and stops when the client
 * closes the connection, so the figures are the client's alone.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { ApiClient } from "../src/client/api-client";
import { wholeNumberArg } from "./timing";

const requests = wholeNumberArg("--requests", 20, 100);
const bodyBytes = wholeNumberArg("--mb", 200, 400) * 1000 * 1000;

// Plain JavaScript for `node -e`: the server lives in a process of its own, so its buffers are not counted.
const serverSource = `
const http = require("node:http");
const total = ${bodyBytes};
const chunk = Buffer.alloc(64 * 1024, "x");
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "Content-Type": "application/json", "Content-Length": total });
  let written = 0;
  const pump = () => {
    while (written < total && !res.destroyed) {
      const part = Math.min(chunk.length, total - written);
      written += part;
      if (!res.write(part === chunk.length ? chunk : chunk.subarray(0, part))) return void res.once("drain", pump);
    }
    if (written >= total) res.end();
  };
  pump();
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
`;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** The kernel's record of this process's peak resident memory (Linux), or undefined. */
function highWaterMark(): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, ["-e", serverSource], { stdio: ["ignore", "pipe", "inherit"] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout.once("data", (data: Buffer) => resolve(Number(String(data).trim())));
      server.once("exit", (code) => reject(new Error(`the server ended (exit ${code})`)));
    });
    const api = new ApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      token: "bench-token-0123456789",
      timeoutMs: 120_000,
      retry: { maxRetries: 0, maxWaitSeconds: 0 },
    });
    const startRss = process.memoryUsage.rss();
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 10);
    const times: number[] = [];
    let cut = 0;
    let failed = 0;
    const started = Date.now();
    for (let i = 0; i < requests; i++) {
      const t0 = process.hrtime.bigint();
      try {
        const exchange = await api.send("removeItwinGroupMember", { params: { id: "i", groupId: "g" } });
        if ((exchange as { bodyCutAt?: number }).bodyCutAt !== undefined) cut++;
      } catch (error) {
        failed++;
        console.error(error instanceof Error ? error.message : String(error));
      }
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    clearInterval(sampler);
    const total = Date.now() - started;
    const sorted = [...times].sort((a, b) => a - b);
    const hwm = highWaterMark();
    console.log(`${requests} requests, each answered with a ${bodyBytes / 1e6} MB body`);
    console.log(`answers cut: ${cut}, failed: ${failed}`);
    console.log(
      `RSS at start ${mb(startRss)}, peak sampled ${mb(peakRss)}${hwm ? `, kernel high-water ${mb(hwm)}` : ""}`,
    );
    console.log(
      `time per request: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(0)} ms, ` +
        `min ${sorted[0]!.toFixed(0)} ms, max ${sorted[sorted.length - 1]!.toFixed(0)} ms; all ${(total / 1000).toFixed(1)} s`,
    );
  } finally {
    server.kill();
  }
}

void main();
