// Types of test-chromium.mjs for the TypeScript tests that start Chromium themselves (test/e2e/, test/platform/workers*).
export const CHROMIUM: string;
/** Chromium's command-line flags for headless runs without network or sandbox. */
export const FLAGS: string[];
export function startChromium(bundleDir: string, options: { mark: string }): Promise<{ run(isolated: boolean, timeoutMs: number): Promise<unknown>; close(): Promise<void> }>;
