// data: datasets, batching, preprocessing and file formats (PyTorch's torch.utils.data in camelCase, plus IDX reading).
export { TensorDataset, DataLoader, randperm, oneHot, type Dataset, type DataLoaderOptions, type Sample } from "./dataset";
export { trainTestSplit, normalize, Normalizer, type SplitOptions, type NormalizeOptions } from "./preprocess";
export { parseIdx, readIdx, gunzip, isGzip, type IdxArray, type IdxData, type IdxDType } from "./idx";
