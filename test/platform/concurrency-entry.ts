// Bundled into a Node worker by concurrency-workers.node.test.ts (and called on the main thread): one training job of
// test/helpers/jobs.ts, started after init(), returning its losses and final weights.
import { init } from "simdgrad";
import { job, train } from "../helpers/jobs";

export interface JobResult {
  losses: number[];
  weights: number[][];
}

export async function runJob(kind: "mlp" | "tagger", seed: number, epochs: number): Promise<JobResult> {
  await init();
  const j = job(kind, seed);
  const losses = await train(j, epochs);
  const weights = j.weights();
  j.dispose();
  return { losses, weights };
}
