// Entry for the per-op overhead measurement in a process of its own (bench/run.ts spawns it through scripts/run-ts.mjs):
// prints the rows of benchOpOverhead() as JSON, unaffected by what other benchmarks leave in V8's caches.
import { init } from "simdgrad";
import { benchOpOverhead } from "./latency";

await init();
console.log(JSON.stringify(benchOpOverhead()));
