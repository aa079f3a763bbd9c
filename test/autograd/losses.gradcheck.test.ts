// Gradient checks of every loss over odd shapes, size-1 dims, broadcast weights and each reduction.
import { F, tensor } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

const reductions = ["mean", "sum", "none"] as const;
const fixed = (...shape: number[]) => ({ shape, grad: false });
const distinct = (...shape: number[]) => ({ shape, kind: "distinct" as const });
const signs = (n: number, shape: number[]) => tensor(Float32Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? -1 : 1)), shape);
const bits = (n: number, shape: number[]) => tensor(Float32Array.from({ length: n }, (_, i) => (i * 5) % 3 === 1 ? 1 : 0), shape);

for (const reduction of reductions) {
  const r = { reduction };
  checkGrad(`mseLoss ${reduction} [3,1,5]`, (x, y) => F.mseLoss(x, y, r), [[3, 1, 5], [3, 1, 5]]);
  // distinct values differ by multiples of 0.05, so d = x − (y + 0.0123) stays ≥ 0.0123 off the kink at 0
  checkGrad(`l1Loss ${reduction} [17]`, (x, y) => F.l1Loss(x, y.add(0.0123), r), [distinct(17), distinct(17)]);
  checkGrad(`smoothL1Loss ${reduction} beta 0.5 [4,7]`, (x, y) => F.smoothL1Loss(x, y, { ...r, beta: 0.5 }), [[4, 7], [4, 7]]);
  checkGrad(`smoothL1Loss ${reduction} default beta [1,13]`, (x, y) => F.smoothL1Loss(x.mul(2), y, r), [[1, 13], [1, 13]]);
  checkGrad(`smoothL1Loss ${reduction} beta 0 [3,5]`, (x, y) => F.smoothL1Loss(x, y.add(0.0123), { ...r, beta: 0 }), [distinct(3, 5), distinct(3, 5)]);
  checkGrad(`huberLoss ${reduction} delta 1 [5,3]`, (x, y) => F.huberLoss(x.mul(2), y, r), [[5, 3], [5, 3]]);
  checkGrad(`huberLoss ${reduction} delta 0.3 [2,1,11]`, (x, y) => F.huberLoss(x, y, { ...r, delta: 0.3 }), [[2, 1, 11], [2, 1, 11]]);
  checkGrad(`logCoshLoss ${reduction} [6,5]`, (x, y) => F.logCoshLoss(x.mul(4), y, r), [[6, 5], [6, 5]]);
  checkGrad(`binaryCrossEntropy ${reduction} [7,3]`, (x, y) => F.binaryCrossEntropy(x.sigmoid(), y.sigmoid(), r), [[7, 3], [7, 3]]);
  checkGrad(`binaryCrossEntropy ${reduction} weight [5] on [2,5]`, (x, y, w) => F.binaryCrossEntropy(x.sigmoid(), y.sigmoid(), { ...r, weight: w }),
    [[2, 5], fixed(2, 5), [5]]);
  checkGrad(`bceWithLogits ${reduction} [9,2]`, (x, y) => F.binaryCrossEntropyWithLogits(x.mul(3), y.sigmoid(), r), [[9, 2], [9, 2]]);
  checkGrad(`bceWithLogits ${reduction} weight [4,1], posWeight [3]`, (x, y, w, p) =>
    F.binaryCrossEntropyWithLogits(x, y.sigmoid(), { ...r, weight: w, posWeight: p.exp() }), [[4, 3], [4, 3], [4, 1], [3]]);
  checkGrad(`klDiv ${reduction} [5,7]`, (x, t) => F.klDiv(x.logSoftmax(1), t.softmax(1), r), [[5, 7], [5, 7]]);
  checkGrad(`klDiv ${reduction} logTarget [3,1,4]`, (x, t) => F.klDiv(x.logSoftmax(2), t.logSoftmax(2), { ...r, logTarget: true }), [[3, 1, 4], [3, 1, 4]]);
  // f = 3x with distinct x: odd multiples of 0.075, at least 0.025 from the margin kinks f = ±1
  checkGrad(`hingeLoss ${reduction} [3,7]`, (x) => F.hingeLoss(x.mul(3), signs(21, [3, 7]), r), [distinct(3, 7)]);
  checkGrad(`exponentialLoss ${reduction} [11]`, (x) => F.exponentialLoss(x, signs(11, [11]), r), [[11]]);
  checkGrad(`sigmoidFocalLoss ${reduction} [4,5]`, (x) => F.sigmoidFocalLoss(x.mul(2), bits(20, [4, 5]), r), [[4, 5]]);
  checkGrad(`sigmoidFocalLoss ${reduction} soft targets, gamma 0.5, alpha 0.6 [13]`, (x, y) =>
    F.sigmoidFocalLoss(x, y.sigmoid(), { ...r, gamma: 0.5, alpha: 0.6 }), [[13], [13]]);
  checkGrad(`nllLoss ${reduction} weight, ignoreIndex [5,3]`, (x) =>
    F.nllLoss(x, tensor(new Int32Array([2, 0, -1, 1, 2])), { ...r, weight: tensor([0.3, 1, 2]), ignoreIndex: -1 }), [[5, 3]]);
}
checkGrad("klDiv batchmean, target [7] broadcast over [2,7]", (x, t) => F.klDiv(x.logSoftmax(1), t.softmax(0), { reduction: "batchmean" }), [[2, 7], [7]]);
checkGrad("sigmoidFocalLoss gamma 0, alpha off", (x) => F.sigmoidFocalLoss(x, bits(6, [6]), { gamma: 0, alpha: -1 }), [[6]]);
checkGrad("nllLoss K-dim [2,4,3]", (x) => F.nllLoss(x, tensor(new Int32Array([0, 3, 1, 2, 2, 0]), [2, 3])), [[2, 4, 3]]);
checkGrad("nllLoss unbatched [5]", (x) => F.nllLoss(x, tensor(new Int32Array([3]), [])), [[5]]);
