// Pins the vitest semantics the suite relies on; passing in Node (real vitest) and in Deno/Chromium (our shim) proves the shim agrees.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, test } from "vitest";

const fails = (assertion: () => unknown) => expect(assertion).toThrow();
class Point { constructor(public x: number, public y: number) {} }

describe("equality", () => {
  test("toBe is Object.is", () => {
    expect(1).toBe(1);
    expect(NaN).toBe(NaN);
    fails(() => expect(0).toBe(-0));
    fails(() => expect([1]).toBe([1]));
    expect(0).not.toBe(-0);
  });
  test("toEqual: deep, NaN equal, -0 not 0, undefined properties ignored, types of typed arrays matter", () => {
    expect({ a: [1, { b: 2 }], c: undefined }).toEqual({ a: [1, { b: 2 }] });
    expect([NaN, 1]).toEqual([NaN, 1]);
    expect(new Float32Array([1, 2])).toEqual(new Float32Array([1, 2]));
    expect(new Point(1, 2)).toEqual({ x: 1, y: 2 });
    fails(() => expect([0]).toEqual([-0]));
    fails(() => expect(new Float32Array([1])).toEqual(new Float64Array([1])));
    fails(() => expect(new Float32Array([1])).toEqual([1]));
    fails(() => expect([1, 2]).toEqual([1, 2, 3]));
    fails(() => expect({ a: 1 }).toEqual({ a: 1, b: 2 }));
    fails(() => expect({ a: { b: [1, 2] } }).toEqual({ a: { b: [1, 3] } }));
    expect([[1, 2], [3, 4]]).not.toEqual([[1, 2], [3, 5]]);
  });
  test("toStrictEqual: undefined properties, classes and holes count", () => {
    expect({ a: 1 }).toStrictEqual({ a: 1 });
    fails(() => expect({ a: 1, b: undefined }).toStrictEqual({ a: 1 }));
    fails(() => expect(new Point(1, 2)).toStrictEqual({ x: 1, y: 2 }));
    // eslint-disable-next-line no-sparse-arrays
    fails(() => expect([, 1]).toStrictEqual([undefined, 1]));
  });
  test("asymmetric matchers inside toEqual", () => {
    expect({ n: 0.30000000000000004, s: "x" }).toEqual({ n: expect.closeTo(0.3, 10), s: expect.any(String) });
    expect([1, "a", {}]).toEqual([expect.any(Number), expect.anything(), expect.anything()]);
    fails(() => expect([null]).toEqual([expect.anything()]));
  });
});

describe("numbers and values", () => {
  test("toBeCloseTo uses |a - b| < 10^-digits / 2 (2 digits by default)", () => {
    expect(0.1 + 0.2).toBeCloseTo(0.3);
    expect(1.004).toBeCloseTo(1);
    fails(() => expect(1.006).toBeCloseTo(1));
    expect(1.0000004).toBeCloseTo(1, 6);
    fails(() => expect(1.000001).toBeCloseTo(1, 6));
    expect(Infinity).toBeCloseTo(Infinity);
    fails(() => expect(NaN).toBeCloseTo(NaN));
  });
  test("ordering matchers", () => {
    expect(1).toBeLessThan(2);
    expect(2).toBeLessThanOrEqual(2);
    expect(3).toBeGreaterThan(2);
    expect(2).toBeGreaterThanOrEqual(2);
    fails(() => expect(2).toBeLessThan(2));
    fails(() => expect(NaN).toBeGreaterThanOrEqual(0));
    fails(() => expect("1").toBeLessThan(2));
  });
  test("truthiness, null, undefined, NaN, types", () => {
    expect(1).toBeTruthy();
    expect("").toBeFalsy();
    expect(null).toBeNull();
    expect(undefined).toBeUndefined();
    expect(0).toBeDefined();
    expect(0 / 0).toBeNaN();
    expect(1).not.toBeNaN();
    expect(new Point(0, 0)).toBeInstanceOf(Point);
    expect(new RangeError("x")).toBeInstanceOf(Error);
    expect(1n).toBeTypeOf("bigint");
    fails(() => expect(undefined).toBeDefined());
    fails(() => expect({}).toBeInstanceOf(Point));
  });
  test("strings and collections", () => {
    expect([1, 2, 3]).toContain(2);
    expect(new Int32Array([4, 5])).toContain(5);
    expect("conv2d: input must be 4-D").toContain("4-D");
    expect([{ a: 1 }]).toContainEqual({ a: 1 });
    fails(() => expect([{ a: 1 }]).toContain({ a: 1 }));
    expect([1, 2]).toHaveLength(2);
    expect("abc").toHaveLength(3);
    expect("shape [3, 28, 28]").toMatch(/\[3, 28, 28\]/);
    expect("shape [3, 28, 28]").toMatch("28, 28");
    fails(() => expect("abc").toMatch(/d/));
  });
});

describe("errors and promises", () => {
  const bad = () => { throw new RangeError("conv2d: stride must be positive, got -1"); };
  test("toThrow with no argument, a substring, a regex, an error class or an equal error", () => {
    expect(bad).toThrow();
    expect(bad).toThrow("stride must be positive");
    expect(bad).toThrow(/got -1$/);
    expect(bad).toThrow(RangeError);
    expect(bad).toThrow(Error);
    expect(bad).toThrow(new RangeError("conv2d: stride must be positive, got -1"));
    fails(() => expect(bad).toThrow(new Error("conv2d: stride must be positive, got -1")));
    expect(bad).toThrowError(/stride/);
    expect(() => 1).not.toThrow();
    expect(bad).not.toThrow(TypeError);
    fails(() => expect(() => 1).toThrow());
    fails(() => expect(bad).toThrow(TypeError));
    fails(() => expect(bad).toThrow("padding"));
  });
  test("resolves and rejects", async () => {
    await expect(Promise.resolve(3)).resolves.toBe(3);
    await expect(Promise.reject(new TypeError("nope"))).rejects.toThrow(TypeError);
    await expect(Promise.reject(new TypeError("nope"))).rejects.toThrow("nope");
    await expect(async () => { throw new Error("async boom"); }).rejects.toThrow(/boom/);
    await expect(Promise.resolve([1, 2])).resolves.not.toEqual([1]);
    await expect(expect(Promise.resolve(1)).rejects.toThrow()).rejects.toThrow();
    await expect(expect(Promise.reject(new Error("x"))).resolves.toBe(1)).rejects.toThrow();
    const late = expect(Promise.resolve(2)).resolves.toBe(2);
    await new Promise((r) => setTimeout(r, 1));
    await late;
  });
  test("a failed assertion throws an error that names both values", () => {
    expect(() => expect([1, 2]).toEqual([1, 3])).toThrow(/1, 2.*1, 3/);
    expect(() => expect(5).toBeLessThan(4)).toThrow(/5/);
  });
  test("an unknown matcher fails instead of passing", () => {
    expect(() => (expect(1) as unknown as Record<string, () => void>).toBeSquishy()).toThrow();
  });
});

describe("hooks run in vitest's order", () => {
  const log: string[] = [];
  beforeAll(() => { log.push("beforeAll"); });
  beforeEach(() => { log.push("beforeEach"); });
  afterEach(() => { log.push("afterEach"); });
  afterAll(() => { log.push("afterAll"); order.push(...log); });
  test("first", () => { log.push("first"); });
  describe("nested", () => {
    beforeEach(() => { log.push("nested beforeEach"); });
    afterEach(() => { log.push("nested afterEach"); });
    it("second", async () => {
      await new Promise((r) => setTimeout(r, 5));
      log.push("second");
    });
  });
});
const order: string[] = [];
describe("after the hooks suite", () => {
  test("saw the whole sequence", () => {
    expect(order).toEqual(["beforeAll", "beforeEach", "first", "afterEach",
      "beforeEach", "nested beforeEach", "second", "nested afterEach", "afterEach", "afterAll"]);
  });
});

describe("each", () => {
  test.each([[1, 2, 3], [2, 3, 5]])("add(%i, %i) = %i", (a, b, sum) => { expect(a + b).toBe(sum); });
  test.each([{ op: "relu", x: -1, y: 0 }, { op: "relu", x: 2, y: 2 }])("$op($x) = $y", ({ x, y }) => { expect(Math.max(x, 0)).toBe(y); });
  test.each(["simd", "scalar"])("single values: %s", (isa) => { expect(typeof isa).toBe("string"); });
  describe.each([[2, 4], [3, 9]])("square of %i", (x, y) => {
    test(`is ${y}`, () => { expect(x * x).toBe(y); });
  });
});
