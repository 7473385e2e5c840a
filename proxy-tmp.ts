import { startRemoteProxy } from "./bench/remote-proxy";
(async () => {
  const p = await startRemoteProxy({ target: process.argv[2]!, delayMs: Number(process.argv[3]) });
  console.log(`PROXY=${p.origin}`);
  process.on("SIGTERM", async () => { console.log("chain", p.longestChain(), "requests", p.stats.requests); process.exit(0); });
})();
