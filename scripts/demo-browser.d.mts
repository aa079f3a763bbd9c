// Types of demo-browser.mjs for the TypeScript tests that serve the demo or other files (test/e2e/, test/platform/workers*).
export const CSP: string;
export const ISOLATION: Record<string, string>;
export function buildBrowserDemo(outdir?: string): Promise<string>;
export interface Served {
  origin: string;
  close(): Promise<void>;
}
export function serveStatic(
  mounts: Record<string, string>,
  options?: { port?: number; host?: string; headers?: (path: string) => Record<string, string> },
): Promise<Served>;
export function startBrowserDemo(options?: { port?: number; host?: string; outdir?: string }): Promise<Served & { dir: string }>;
