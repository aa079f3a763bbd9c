// train: fit() / evaluate() with history, metrics and a progress bar; summary() of a model's layers.
export { fit, evaluate, type FitOptions, type EvaluateOptions, type History, type BatchInfo, type EpochInfo, type LossFn, type CallbackResult } from "./fit";
export { accuracy, type Metric } from "./metrics";
export { summary, type SummaryOptions } from "./summary";
export { ProgressBar, formatDuration, terminalWriter, type ProgressOptions, type TerminalWriter } from "./progress";
