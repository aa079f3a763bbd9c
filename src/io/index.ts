// io: checkpoints in the safetensors format, interchangeable with PyTorch's state_dict files.
//
// Any flat Record<string, Tensor> (float32 or int32) plus a Record<string, string> of metadata round-trips exactly:
// loadSafetensors(saveSafetensors(dict, meta)) has the same keys, shapes, dtypes and bits, and
// loadSafetensorsMetadata gives meta back. Models use it through stateDict() / loadStateDict(), whose keys are
// PyTorch's ("0.weight", "bn.running_mean").
//
// Optimizer state uses the same two pieces, following the layout of PyTorch's optimizer.state_dict():
//   tensors   "state.<i>.<name>"  the per-parameter state tensors (e.g. "state.0.expAvg", "state.0.expAvgSq",
//                                 "state.3.momentumBuffer"), where i numbers the parameters across paramGroups in
//                                 order, as PyTorch does (so the file does not depend on object identity);
//   metadata  "optimizer"         the class name ("Adam"), checked when loading;
//             "param_groups"      JSON of the groups' hyper-parameters with `params` replaced by the parameter
//                                 indices, e.g. [{"lr":0.001,"betas":[0.9,0.999],…,"params":[0,1,2,3]}];
//             "state"             JSON of the per-parameter numbers (e.g. {"0":{"step":10}}): numbers stay exact
//                                 in JSON, where a float32 tensor would round step counts above 2^24.
// A checkpoint of model and optimizer is then one file: the model's keys plus the optimizer's under a prefix such as
// "optimizer.", or two files. test/io/optimizer-state.test.ts does this for Adam through the optimizer's public
// `state` and `paramGroups` and checks that training resumes bit for bit; an Optimizer.stateDict() /
// loadStateDict() returning / taking { tensors, metadata } would package exactly that.
export { saveSafetensors, loadSafetensors, loadSafetensorsMetadata, MAX_HEADER_BYTES } from "./safetensors";
