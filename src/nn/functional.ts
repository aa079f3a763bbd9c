// F: the functional API, PyTorch's torch.nn.functional names in camelCase.
export { relu, sigmoid, tanh, leakyRelu, elu, softplus, gelu, hardtanh, step, softmax, logSoftmax } from "../ops/activation";
export { linear } from "../ops/matmul";
export { pad } from "../ops/movement";
export { crossEntropy, nllLoss, klDiv } from "../ops/loss";
export { mseLoss, l1Loss, smoothL1Loss, huberLoss, logCoshLoss } from "../ops/losses/regression";
export { binaryCrossEntropy, binaryCrossEntropyWithLogits, sigmoidFocalLoss, hingeLoss, exponentialLoss } from "../ops/losses/binary";
export { layerNorm, batchNorm } from "../ops/norm";
export { dropout } from "../ops/dropout";
export { embedding } from "../ops/embedding";
export { threshold } from "../ops/threshold";
export { maxPool1d, maxPool2d, maxPool3d, avgPool1d, avgPool2d, avgPool3d, adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool2d, maxUnpool1d, maxUnpool2d } from "../ops/pool";
export { interpolate } from "../ops/interpolate";
