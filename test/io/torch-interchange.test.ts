// PyTorch ⇄ simdgrad: a PyTorch state_dict file loads into the same simdgrad model and reproduces PyTorch's output,
// and the simdgrad-saved fixture that scripts/torch-fixtures.py --check loads into PyTorch is what simdgrad saves today.
import { beforeAll, describe, expect, test } from "vitest";
import { init, io, memoryStats, scope } from "simdgrad";
import fromSimdgrad from "../fixtures/torch/from-simdgrad.json";
import mlp from "../fixtures/torch/mlp.json";
import { fromBase64, makeMlp, run, simdgradFixture } from "../fixtures/torch/mlp";

beforeAll(async () => {
  await init();
});

/** max |a − b| over nested rows. */
const maxDiff = (a: number[][], b: number[][]) => Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i][j]))));

describe("PyTorch → simdgrad (test/fixtures/torch/mlp.json, made by scripts/torch-fixtures.py)", () => {
  test("the state_dict file has PyTorch's keys, shapes and metadata", () => {
    const bytes = fromBase64(mlp.safetensors);
    expect(io.loadSafetensorsMetadata(bytes)).toEqual({ format: "pt" });
    scope(() => {
      const dict = io.loadSafetensors(bytes);
      expect(Object.fromEntries(Object.entries(dict).map(([k, t]) => [k, t.shape]))).toEqual({
        "0.weight": [8, 4], "0.bias": [8], "2.weight": [3, 8], "2.bias": [3],
      });
    });
  });

  test("loaded unchanged (strict) into nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 3)), it gives PyTorch's output within 1e-5", () => {
    const before = memoryStats();
    const model = makeMlp();
    const result = scope(() => model.loadStateDict(io.loadSafetensors(fromBase64(mlp.safetensors))));
    expect(result).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const out = run(model, mlp.input);
    expect(maxDiff(out, mlp.output)).toBeLessThanOrEqual(1e-5);
    // and saving it again gives a file PyTorch reads the same: same keys, shapes and values
    scope(() => {
      const again = io.loadSafetensors(io.saveSafetensors(model.stateDict()));
      const orig = io.loadSafetensors(fromBase64(mlp.safetensors));
      for (const k of Object.keys(orig)) expect(again[k].toArray()).toEqual(orig[k].toArray());
    });
    model.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });
});

describe("simdgrad → PyTorch (test/fixtures/torch/from-simdgrad.json; PyTorch side: scripts/torch-fixtures.py --check)", () => {
  test("the committed fixture is byte for byte what simdgrad saves now, and its output is simdgrad's", () => {
    const { bytes, input, output } = simdgradFixture();
    expect(bytes).toEqual(fromBase64(fromSimdgrad.safetensors));
    expect(input).toEqual(fromSimdgrad.input);
    // the model's output in this runtime and ISA agrees with the recorded one (which PyTorch reproduced to 0)
    expect(maxDiff(output, fromSimdgrad.output)).toBeLessThanOrEqual(1e-6);
  });

  test("the fixture loads back into a fresh simdgrad model and gives the recorded output", () => {
    const model = makeMlp();
    scope(() => model.loadStateDict(io.loadSafetensors(fromBase64(fromSimdgrad.safetensors))));
    expect(maxDiff(run(model, fromSimdgrad.input), fromSimdgrad.output)).toBeLessThanOrEqual(1e-6);
    model.dispose();
  });
});
