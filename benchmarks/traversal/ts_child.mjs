// One TypeScript figure of the traversal benchmark, in a fresh Node process (run.py starts it):
//   node ts_child.mjs SDK_ENTRY URL DEPTH list|iterate
// SDK_ENTRY is the generated TypeScript SDK of chain_model.py, bundled by run.py with `@pygen/runtime`
// left external, so it runs on packages/pygen-ts-runtime/dist as a user's build would. Prints one JSON
// line {"seconds", "count", "rss_mib"}: the same fields, clock and memory measure as the Python child.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const PROJECT = "bench";

/** Peak RSS of this process in MiB: VmHWM, as the Python children read it (maxRSS where /proc is absent). */
function peakRssMiB() {
  try {
    const line = readFileSync("/proc/self/status", "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmHWM:"));
    if (line !== undefined) return Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main() {
  const [entry, url, depthText, kind] = process.argv.slice(2);
  const depth = Number(depthText);
  if (entry === undefined || url === undefined || !Number.isInteger(depth) || depth < 1) {
    throw new Error("usage: node ts_child.mjs SDK_ENTRY URL DEPTH list|iterate (DEPTH a positive integer)");
  }
  if (kind !== "list" && kind !== "iterate") {
    throw new Error(`ts_child.mjs: the last argument must be 'list' or 'iterate', got '${kind}'`);
  }
  const sdk = await import(pathToFileURL(entry).href);
  const client = new sdk.BenchChainClient(
    new sdk.ClientConfig({ baseUrl: url, project: PROJECT, credentials: () => "bench", timeout: 300 }),
  );
  const started = performance.now();
  let query = client.l0.query();
  for (let level = 0; level < depth; level++) query = query.follow("nextLevel");
  let count = 0;
  if (kind === "list") {
    count = (await query.list({ limit: null })).length;
  } else {
    // the last hop one page at a time, as the Python child's iterate()
    for await (const _ of query.iterate()) count++;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ seconds, count, rss_mib: peakRssMiB() }));
}

await main();
