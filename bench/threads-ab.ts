// A/B of splitting chosen kernels across threads, in one process on one warm 2-thread pool (`KEYS=convImplicit,dwconv
// node scripts/run-ts.mjs bench/threads-ab.ts`): LeNet-5 training steps (batch 32, Adam) with every splittable kernel
// split, with all but KEYS split (KEYS on the calling thread), and with none split; round-robin, 11 repetitions.
import { init } from "simdgrad";
import { runtime } from "../src/backend/runtime";
import { lenetTrainer } from "./steps";
import { speedup, timeRoundRobin } from "./timing";

await init({ threads: 2 });
const r = runtime();
const parallel = { ...r.k };
const keys = (process.env.KEYS ?? "convImplicit").split(",") as (keyof typeof parallel)[];
/** The kernel table with `single` kernels at KEYS (all of them when `all`). */
const bind = (split: boolean, all = false) => {
  Object.assign(r.k, all ? r.single : parallel);
  if (!split) for (const key of keys) (r.k as unknown as Record<string, unknown>)[key] = r.single[key];
};
const t = lenetTrainer(32);
const res = await timeRoundRobin([
  { name: "split", prepare: () => bind(true), run: t.step },
  { name: "single", prepare: () => bind(false), run: t.step },
  { name: "one thread", prepare: () => bind(false, true), run: t.step },
], { batchMs: 300, reps: 11 });
bind(true);
const images = (name: string) => (32000 / res.get(name)!.median).toFixed(0);
console.log(`${keys.join(",")}: split ${images("split")}, on the calling thread ${images("single")}, one thread ${images("one thread")} images/s; ` +
  `split ÷ calling thread ${speedup(res.get("split")!, res.get("single")!).toFixed(3)}×`);
t.dispose();
