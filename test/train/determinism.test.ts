// Determinism across runtimes: with manualSeed and the simd build, a training run gives the same float32 losses, bit for
// bit, in Node, Deno and Chromium (shared memory or not), as the list committed in determinism.json (made in Node).
// When a kernel's arithmetic changes on purpose, replace the list with the bits this test prints in Node; every runtime
// must then print the same.
import { afterAll, expect, test } from "vitest";
import { init, memoryStats, supportedIsas } from "simdgrad";
import expected from "./determinism.json";
import { bits, trainSmallMlp } from "./mlp-run";

// In the Deno/Chromium bundle all test files share one runtime: leave the best build behind for the files after this one.
afterAll(async () => { await init({ isa: supportedIsas()[0] }); });

test("simd: a seeded MLP training run has the committed losses, bit for bit", async () => {
  const info = await init({ isa: "simd" });
  const before = memoryStats();
  const losses = trainSmallMlp(expected.losses.length);
  console.log(`determinism (simd, ${info.sharedMemory ? "shared" : "unshared"} memory): losses ${losses.map((l) => l.toFixed(7)).join(" ")} bits ${bits(losses).join(" ")}`);
  expect(bits(losses)).toEqual(expected.losses);
  expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
  expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
});

test.each(supportedIsas())("%s: the same run twice in one process gives the same losses", async (isa) => {
  await init({ isa });
  expect(bits(trainSmallMlp(6))).toEqual(bits(trainSmallMlp(6)));
});
