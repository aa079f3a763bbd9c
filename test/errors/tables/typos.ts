// One generated row per entry point that takes an options object: a misspelt option (the snake_case or a near miss of
// a real one) must be rejected naming the entry point and the known options, never ignored.
import { F, data, fit, io, nn, ones, optim, rand, scope, summary, tensor } from "simdgrad";
import type { BadInput, BadInputTable } from "../../helpers/errors";

const x4 = () => ones([1, 2, 4, 4]);
const int = (...v: number[]) => tensor(new Int32Array(v));
const p = () => ones([2], { requiresGrad: true });
// built once: their parameters and state are kept, which the arena check would count
let sgd: optim.SGD, lin: nn.Linear;
function setup(): void {
  sgd = new optim.SGD([p()], { lr: 0.1 });
  lin = new nn.Linear(2, 2);
}

/** [entry, a call with the given options]. */
const ENTRIES: [string, (o: object) => unknown][] = [
  ["F.leakyRelu", (o) => F.leakyRelu(ones([2]), o)],
  ["F.elu", (o) => F.elu(ones([2]), o)],
  ["F.softplus", (o) => F.softplus(ones([2]), o)],
  ["F.gelu", (o) => F.gelu(ones([2]), o)],
  ["F.hardtanh", (o) => F.hardtanh(ones([2]), o)],
  ["F.pad", (o) => F.pad(ones([2]), [1, 1], o)],
  ["F.dropout", (o) => F.dropout(ones([2]), o)],
  ["F.dropout2d", (o) => F.dropout2d(x4(), o)],
  ["F.layerNorm", (o) => F.layerNorm(ones([2, 3]), [3], null, null, o)],
  ["F.batchNorm", (o) => F.batchNorm(ones([2, 3]), null, null, null, null, o)],
  ["F.groupNorm", (o) => F.groupNorm(x4(), 1, null, null, o)],
  ["F.embedding", (o) => F.embedding(int(0), ones([2, 2]), o)],
  ["F.maxPool2d", (o) => F.maxPool2d(x4(), 2, o)],
  ["F.avgPool2d", (o) => F.avgPool2d(x4(), 2, o)],
  ["F.interpolate", (o) => F.interpolate(x4(), { size: 8, ...o })],
  ["F.mseLoss", (o) => F.mseLoss(ones([2]), ones([2]), o)],
  ["F.crossEntropy", (o) => F.crossEntropy(ones([2, 3]), int(0, 1), o)],
  ["F.nllLoss", (o) => F.nllLoss(ones([2, 3]), int(0, 1), o)],
  ["F.klDiv", (o) => F.klDiv(ones([2]), ones([2]), o)],
  ["F.binaryCrossEntropy", (o) => F.binaryCrossEntropy(ones([2]), ones([2]), o)],
  ["F.sigmoidFocalLoss", (o) => F.sigmoidFocalLoss(ones([2]), ones([2]), o)],
  ["F.hingeLoss", (o) => F.hingeLoss(ones([2]), ones([2]).neg(), o)],
  ["sum", (o) => ones([2]).sum(0, o)],
  ["Tensor.max", (o) => ones([2]).max(0, o)],
  ["tensor", (o) => tensor([1], o)],
  ["rand", (o) => rand([1], o)],
  ["Tensor.backward", (o) => ones([1], { requiresGrad: true }).mul(2).backward(null, o)],
  ["nn.Linear", (o) => new nn.Linear(2, 2, o)],
  ["nn.LayerNorm", (o) => new nn.LayerNorm(2, o)],
  ["nn.BatchNorm1d", (o) => new nn.BatchNorm1d(2, o)],
  ["nn.GroupNorm", (o) => new nn.GroupNorm(1, 2, o)],
  ["nn.Embedding", (o) => new nn.Embedding(2, 2, o)],
  ["nn.LSTM", (o) => new nn.LSTM(2, 2, o)],
  ["nn.GRU", (o) => new nn.GRU(2, 2, o)],
  ["nn.MaxPool2d", (o) => new nn.MaxPool2d(2, o)],
  ["nn.Upsample", (o) => new nn.Upsample({ size: 4, ...o })],
  ["nn.HuberLoss", (o) => new nn.HuberLoss(o)],
  ["nn.BCEWithLogitsLoss", (o) => new nn.BCEWithLogitsLoss(o)],
  ["nn.SigmoidFocalLoss", (o) => new nn.SigmoidFocalLoss(o)],
  ["nn.utils.EarlyStopping", (o) => new nn.utils.EarlyStopping(o)],
  ["nn.init.kaimingNormal", (o) => nn.init.kaimingNormal(ones([2, 2]), o)],
  ["Module.loadStateDict", (o) => new nn.ReLU().loadStateDict({}, o)],
  ["optim.SGD", (o) => new optim.SGD([p()], o)],
  ["optim.Adam", (o) => new optim.Adam([p()], o)],
  ["optim.RMSprop", (o) => new optim.RMSprop([p()], o)],
  ["optim.lrScheduler.StepLR", (o) => new optim.lrScheduler.StepLR(sgd, 2, o)],
  ["optim.lrScheduler.LinearLR", (o) => new optim.lrScheduler.LinearLR(sgd, o)],
  ["optim.lrScheduler.ReduceLROnPlateau", (o) => new optim.lrScheduler.ReduceLROnPlateau(sgd, o)],
  ["data.DataLoader", (o) => new data.DataLoader(new data.TensorDataset(ones([2])), o)],
  ["data.trainTestSplit", (o) => data.trainTestSplit([ones([4])], o)],
  ["data.normalize", (o) => data.normalize(ones([4, 2]), o)],
  ["io.saveCheckpoint", (o) => io.saveCheckpoint(o)],
  ["summary", (o) => summary(lin, [1, 2], o)],
  ["fit", (o) => scope(() => fit(lin, [[ones([1, 2]), ones([1, 2])]], { optimizer: sgd, loss: F.mseLoss, verbose: false, ...o }))],
];

export const table: BadInputTable = {
  setup,
  rows: ENTRIES.map(([entry, call]): BadInput => [
    `${entry}: a misspelt option is rejected`,
    () => call({ learning_rate: 0.1 }),
    /unknown option "learning_rate" \(expected [a-zA-Z, ]+\)/,
  ]),
};
