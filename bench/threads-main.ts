// The threads group on its own, for any runtime: Node (`node scripts/run-ts.mjs bench/threads-main.ts`) or Deno
// (`node scripts/bench-deno.mjs bench/threads-main.ts`: bundled, the pool's worker script beside the bundle).
import { init } from "simdgrad";
import { benchThreads, threadsTable } from "./threads";

const { isa } = await init({ threads: 1 });
const nav = (globalThis as { navigator?: { userAgent?: string } }).navigator;
console.log(`simdgrad threads benchmark: isa ${isa}, ${nav?.userAgent ?? "Node"}\n`);
console.log(threadsTable(await benchThreads()));
