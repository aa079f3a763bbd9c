// A CI-sized soak: 2,000 small training steps (bench/soak-loop.ts: loader, embedding, batch norm, dropout, Adam,
// clipping, a scheduler, checkpoint round trips, evaluation) leave the arena and the tensor count exactly flat after
// warm-up. The 100,000-step run is bench/soak.ts; the JS heap is watched in soak.node.test.ts.
import { expect, test } from "vitest";
import { init } from "simdgrad";
import { BATCHES_PER_EPOCH, createSoak, sample } from "../../bench/soak-loop";

test("2,000 soak steps: arena, blocks, tensors, peak and wasm memory flat after warm-up", async () => {
  await init();
  const soak = createSoak(2);
  const every = 125 * BATCHES_PER_EPOCH; // 1,000 steps, each sample at the same point of an epoch and after a checkpoint
  const samples = [];
  for (let i = 1; i <= 2 * every; i++) {
    expect(Number.isFinite(soak.step())).toBe(true);
    if (i % every === 0) samples.push(sample(i, null));
  }
  soak.dispose();
  const [warm, ...later] = samples;
  for (const s of later) expect({ ...s, step: warm.step }).toEqual(warm);
});
