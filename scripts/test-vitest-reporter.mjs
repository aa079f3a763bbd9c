// Vitest reporter for scripts/test-all.mjs: writes each test's outcome and every file, suite and unhandled error as JSON.
import { writeFileSync } from "node:fs";
import { relative } from "node:path";

const errorText = (e) => [`${e.name ?? "Error"}: ${e.message}`, ...(e.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l))].join("\n");

export default class SimdgradReporter {
  onTestRunEnd(modules, unhandledErrors, reason) {
    const results = [], errors = [];
    for (const m of modules) {
      const file = relative(process.cwd(), m.moduleId);
      for (const e of m.errors()) errors.push(`${file}: ${errorText(e)}`);
      for (const s of m.children.allSuites()) for (const e of s.errors()) errors.push(`${file} > ${s.fullName}: ${errorText(e)}`);
      for (const t of m.children.allTests()) {
        const r = t.result();
        results.push({ file, name: t.fullName, state: r.state, ok: r.state === "passed", error: r.errors?.map(errorText).join("\n") });
      }
    }
    for (const e of unhandledErrors) errors.push(`unhandled error: ${errorText(e)}`);
    if (reason === "interrupted") errors.push("the vitest run was interrupted");
    writeFileSync(process.env.SIMDGRAD_VITEST_REPORT, JSON.stringify({ results, errors }));
  }
}
