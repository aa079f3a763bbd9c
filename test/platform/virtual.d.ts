// Type of the module scripts/test-all.mjs generates for the bundle: one lazy import per bundled test file.
declare module "virtual:simdgrad-test-files" {
  export const files: { name: string; load: () => Promise<unknown> }[];
}
