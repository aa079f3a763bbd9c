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
export { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d } from "../ops/conv";
