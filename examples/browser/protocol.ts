// Messages between the page (app.ts) and the training worker (worker.ts).

export type ModelName = "mlp-256-128" | "mlp-64";
export type OptimizerName = "adam" | "adamw" | "sgd";
export type DatasetName = "subset-10k" | "subset-2k";

export interface TrainSettings {
  dataset: DatasetName;
  model: ModelName;
  optimizer: OptimizerName;
  lr: number;
  epochs: number;
  batchSize: number;
  seed: number;
}

/** Page → worker. */
export type Request =
  | { type: "train"; settings: TrainSettings }
  | { type: "stop" }
  /** pixels: 784 values in [0, 1], row-major 28×28, white object on black as in Fashion-MNIST. */
  | { type: "predict"; id: number; pixels: Float32Array }
  | { type: "save" }
  | { type: "load-checkpoint"; name: string; bytes: Uint8Array };

/** Worker → page. */
export type Reply =
  | {
      type: "ready";
      runtime: { isa: string; sharedMemory: boolean; crossOriginIsolated: boolean };
      data: { train: number; test: number; mean: number; std: number; classNames: string[] };
      /** Test images to pick from: n × 784 bytes and their labels. */
      samples: { pixels: Uint8Array; labels: number[] };
    }
  | { type: "model"; name: ModelName; summary: string; parameters: number; source: string }
  | { type: "batch"; epoch: number; epochs: number; batch: number; batches: number; loss: number; accuracy: number; samplesPerSecond: number }
  | { type: "epoch"; epoch: number; epochs: number; loss: number; accuracy: number; valLoss: number; valAccuracy: number; seconds: number }
  | { type: "done"; stopped: boolean; seconds: number; valAccuracy: number | null }
  | { type: "prediction"; id: number; probabilities: number[] }
  | { type: "checkpoint"; bytes: Uint8Array; fileName: string }
  /** bug: an unexpected failure (logged with console.error), not a request that cannot be served now. */
  | { type: "error"; message: string; bug: boolean };
