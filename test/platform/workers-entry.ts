// What each worker test runs, on a main thread or in a worker of any runtime: the errors before init() has been awaited,
// then the seeded MLP run of test/train/mlp-run.ts with the best build and with the simd build.
import { init, tensor } from "simdgrad";
import { bits, trainSmallMlp } from "../train/mlp-run";

export interface RunResult {
  /** The error of tensor() before init() was called, and while init() is still pending. */
  notInitialised: string;
  pending: string;
  /** The build init() picked and whether its memory is shared. */
  isa: string;
  sharedMemory: boolean;
  /** Float32 bit patterns of the run's losses with that build, and with init({ isa: "simd" }). */
  losses: string[];
  simd: string[];
}

const errorOf = (f: () => unknown) => {
  try {
    f();
    return "no error";
  } catch (e) {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
};

export async function run(): Promise<RunResult> {
  const notInitialised = errorOf(() => tensor([1]));
  const started = init();
  const pending = errorOf(() => tensor([1]));
  const info = await started;
  const losses = bits(trainSmallMlp());
  await init({ isa: "simd" });
  const simd = bits(trainSmallMlp());
  return { notInitialised, pending, isa: info.isa, sharedMemory: info.sharedMemory, losses, simd };
}
