// Node-only (reads files): the committed .safetensors fixtures are the bytes that the portable tests decode from base64.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import dtypes from "../fixtures/torch/dtypes.json";
import fromSimdgrad from "../fixtures/torch/from-simdgrad.json";
import mlp from "../fixtures/torch/mlp.json";

test.each([
  ["mlp", mlp.safetensors],
  ["dtypes", dtypes.safetensors],
  ["from-simdgrad", fromSimdgrad.safetensors],
])("test/fixtures/torch/%s.safetensors matches the base64 in its JSON", (name, base64) => {
  const file = readFileSync(new URL(`../fixtures/torch/${name}.safetensors`, import.meta.url));
  expect(file.toString("base64")).toBe(base64);
  expect(file.length).toBeLessThan(4096); // fixtures stay tiny
});
