// Types of build-dist.mjs for test/e2e/edge.node.test.ts.
export function buildDist(options?: { outdir?: string; types?: boolean }): Promise<void>;
export function copyPoolWorker(outdir: string): void;
