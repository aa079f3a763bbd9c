// optim: optimizers.
export { Optimizer, type OptimizerStateDict, type ParamGroup, type ParamState, type ParamsInput } from "./optimizer";
export { SGD, type SGDOptions } from "./sgd";
export { Adam, AdamW, type AdamOptions } from "./adam";
export { Adagrad, type AdagradOptions } from "./adagrad";
export { Adadelta, type AdadeltaOptions } from "./adadelta";
export { RMSprop, type RMSpropOptions } from "./rmsprop";
export * as lrScheduler from "./lr-scheduler";
