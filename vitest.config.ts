// vitest: the Node run of the test suite (Deno and Chromium run the same files bundled, see test/platform/).
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { simdgrad: new URL("./src/index.ts", import.meta.url).pathname } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    // lets the finalizer test force a garbage collection
    execArgv: ["--expose-gc"],
  },
});
