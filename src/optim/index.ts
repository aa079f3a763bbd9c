// optim: optimizers.
export { Optimizer, type ParamGroup, type ParamsInput } from "./optimizer";
export { SGD, type SGDOptions } from "./sgd";
export { Adam, AdamW, type AdamOptions } from "./adam";
export * as lrScheduler from "./lr-scheduler";
