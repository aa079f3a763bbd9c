// io: checkpoints in the safetensors format, interchangeable with PyTorch's state_dict files.
//
// Any flat Record<string, Tensor> (float32 or int32) plus a Record<string, string> of metadata round-trips exactly:
// loadSafetensors(saveSafetensors(dict, meta)) has the same keys, shapes, dtypes and bits, and
// loadSafetensorsMetadata gives meta back. Models use it through stateDict() / loadStateDict(), whose keys are
// PyTorch's ("0.weight", "bn.running_mean").
//
// Optimizer state uses the same two pieces, following the layout of PyTorch's optimizer.state_dict()
// (Optimizer.stateDict() / loadStateDict()); saveCheckpoint / loadCheckpoint (checkpoint.ts) write and read a model,
// an optimizer and metadata as one file:
//   tensors   the model's keys as they are ("0.weight", "bn.running_mean");
//             "optimizer.state.<i>.<name>"  the per-parameter state tensors (e.g. "optimizer.state.0.expAvg",
//                                 "optimizer.state.3.momentumBuffer"), where i numbers the parameters across paramGroups
//                                 in order, as PyTorch does (so the file does not depend on object identity);
//   metadata  your own strings (e.g. "epoch"), under any key not starting with "optimizer.";
//             "optimizer.param_groups"  JSON of the groups' hyper-parameters with `params` replaced by the parameter
//                                 indices, e.g. [{"lr":0.001,"betas":[0.9,0.999],…,"params":[0,1,2,3]}];
//             "optimizer.state"   JSON of the per-parameter numbers (e.g. {"0":{"step":10}}): numbers stay exact
//                                 in JSON, where a float32 tensor would round step counts above 2^24.
// The optimizer's class is not stored: loading Adam state into SGD fails on the unknown option and state names.
// test/io/optimizer-state.test.ts checks that training resumed from a checkpoint continues bit for bit.
export { saveSafetensors, loadSafetensors, loadSafetensorsMetadata, MAX_HEADER_BYTES } from "./safetensors";
export { saveCheckpoint, loadCheckpoint, type Checkpoint, type LoadedCheckpoint } from "./checkpoint";
