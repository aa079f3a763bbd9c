// data: datasets, batching and file formats (PyTorch's torch.utils.data in camelCase, plus IDX reading).
export { TensorDataset, DataLoader, randperm, oneHot, type Dataset, type DataLoaderOptions, type Sample } from "./dataset";
export { parseIdx, readIdx, gunzip, isGzip, type IdxArray, type IdxData, type IdxDType } from "./idx";
