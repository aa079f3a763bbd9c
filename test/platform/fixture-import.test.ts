// Static JSON imports (how golden fixtures are loaded) work in Node and in the Deno/Chromium bundle.
import { beforeAll, describe, expect, test } from "vitest";
import { init, tensor } from "simdgrad";
import sample from "./fixtures/sample.json";

beforeAll(async () => { await init(); });

describe("JSON fixture import", () => {
  test("the parsed JSON has its fields", () => {
    expect(sample.shape).toEqual([2, 3]);
    expect(sample.values).toHaveLength(6);
    expect(sample.note).toMatch(/fixture/);
  });
  test("fixture values drive simdgrad ops", () => {
    const t = tensor(sample.values, sample.shape);
    expect(t.shape).toEqual(sample.shape);
    expect(t.sum().item()).toBeCloseTo(sample.sum, 6);
    expect(t.max(1).values.toArray()).toEqual(sample.rowMax);
  });
});
