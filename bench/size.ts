// Bundle size of an MLP training app (bench/size-measure.ts): JS, and the wasm of each build embedded (the chunk init()
// imports: the .wasm gzipped, as base64) or as a .wasm file (init({ module })), raw and gzip, against the budget; then the JS per module and,
// with --families, the wasm bytes per kernel family (what removing the family's exports would save, shared code excluded).
// Run: node scripts/run-ts.mjs bench/size.ts [--families]
import binaryen from "binaryen";
import { readFileSync } from "node:fs";
import { BUDGET, coreBuilds, measureSize, type Size } from "./size-measure";

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const r = await measureSize();

const rows: [string, Size][] = [["JS (app + library)", r.js]];
for (const b of coreBuilds(r)) {
  const s = r.builds[b];
  rows.push([`${b}: .wasm file`, s.wasm], [`${b}: embedded chunk (gzip, base64)`, s.chunk]);
  rows.push([`JS + ${b}.wasm`, s.jsPlusWasm], [`JS + ${b} embedded`, s.jsPlusChunk]);
}
for (const b of Object.keys(r.builds).filter((b) => b.includes("-ext")).sort()) {
  rows.push([`${b}: .wasm file (not loaded by an MLP)`, r.builds[b].wasm]);
}
const over = (s: Size) => (s.raw > BUDGET.raw || s.gzip > BUDGET.gzip ? "  over budget" : "");
const w = Math.max(...rows.map((x) => x[0].length));
console.log(`${"bundle".padEnd(w)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}`);
for (const [name, s] of rows) {
  console.log(`${name.padEnd(w)}  ${kb(s.raw).padStart(9)}  ${kb(s.gzip).padStart(9)}${name.startsWith("JS +") ? over(s) : ""}`);
}
console.log(`\nbudget: ${kb(BUDGET.raw)} raw, ${kb(BUDGET.gzip)} gzip (JS + one build). gzip: zlib level 9 of each part, ` +
  "concatenated parts compressed together; KB = 1024 bytes.");

console.log("\nJS per module (bytes in the minified app):");
for (const [m, n] of r.modules) console.log(`${String(n).padStart(7)}  ${m}`);

if (process.argv.includes("--families")) {
  for (const b of ["simd", "relaxed", "simd-ext"]) {
    console.log(`\n${b}.wasm per kernel family (bytes its exports alone keep alive, all variants):`);
    const bytes = readFileSync(`build/${b}.wasm`);
    const shrink = (drop: (name: string) => boolean) => {
      const m = binaryen.readBinary(bytes);
      for (let i = m.getNumExports() - 1; i >= 0; i--) {
        const name = binaryen.getExportInfo(m.getExportByIndex(i)).name;
        if (drop(name)) m.removeExport(name);
      }
      m.runPasses(["remove-unused-module-elements"]);
      const n = m.emitBinary().length;
      m.dispose();
      return n;
    };
    const all = shrink(() => false);
    const m = binaryen.readBinary(bytes);
    const families = new Set<string>();
    for (let i = 0; i < m.getNumExports(); i++) families.add(binaryen.getExportInfo(m.getExportByIndex(i)).name.replace(/__\w+$/, ""));
    m.dispose();
    const rows = [...families].map((f) => [f, all - shrink((n) => n.replace(/__\w+$/, "") === f)] as const).sort((a, b) => b[1] - a[1]);
    for (const [f, n] of rows) if (n > 0) console.log(`${String(n).padStart(7)}  ${f}`);
  }
}
