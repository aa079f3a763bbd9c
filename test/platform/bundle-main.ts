// Entry of the Deno/Chromium test bundle: runs every bundled test file with the vitest shim and reports JSON.
import { files } from "virtual:simdgrad-test-files";
import { init, supportedIsas } from "simdgrad";
import { runFiles, errorText } from "./vitest-shim";

/** Prefix of the lines this bundle prints for scripts/test-all.mjs; everything else is the tests' own output. */
const MARK = "@@simdgrad-test ";
const g = globalThis as any;

async function main() {
  const report = await runFiles(files, (event, name) => console.log(`${MARK}${event} ${name}`));
  let runtime: unknown;
  try {
    runtime = await init(); // the runtime the tests left behind: which build ran, over which kind of memory
  } catch (e) {
    report.errors.push(`init() after the run failed: ${errorText(e)}`);
  }
  const env = {
    userAgent: typeof navigator === "undefined" ? "" : navigator.userAgent,
    crossOriginIsolated: g.crossOriginIsolated ?? null,
    sharedArrayBuffer: typeof SharedArrayBuffer !== "undefined",
    isas: supportedIsas(),
    runtime,
  };
  return { ...report, env };
}

g.__simdgradTests = main();
if (g.Deno) {
  const report = await g.__simdgradTests;
  console.log(`${MARK}report ${JSON.stringify(report)}`);
  g.Deno.exit(0); // the verdict is scripts/test-all.mjs's; exit now even if a test left a timer running
}
