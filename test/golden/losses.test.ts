// PyTorch golden cases for every loss function, one line per file, under every isa.
import { F } from "simdgrad";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import binaryCrossEntropy from "./binary_cross_entropy.json";
import binaryCrossEntropyWithLogits from "./binary_cross_entropy_with_logits.json";
import exponentialLoss from "./exponential_loss.json";
import hingeLoss from "./hinge_loss.json";
import huberLoss from "./huber_loss.json";
import klDiv from "./kl_div.json";
import l1Loss from "./l1_loss.json";
import logCoshLoss from "./log_cosh_loss.json";
import nllLoss from "./nll_loss.json";
import sigmoidFocalLoss from "./sigmoid_focal_loss.json";
import smoothL1Loss from "./smooth_l1_loss.json";

const g = (j: unknown) => j as GoldenFile;

goldenOp(g(l1Loss), ({ input, target }, p) => F.l1Loss(input, target, { reduction: p.reduction }));
goldenOp(g(smoothL1Loss), ({ input, target }, p) => F.smoothL1Loss(input, target, { reduction: p.reduction, beta: p.beta }));
goldenOp(g(huberLoss), ({ input, target }, p) => F.huberLoss(input, target, { reduction: p.reduction, delta: p.delta }));
goldenOp(g(logCoshLoss), ({ input, target }, p) => F.logCoshLoss(input, target, { reduction: p.reduction }));
goldenOp(g(binaryCrossEntropy), ({ input, target, weight }, p) => F.binaryCrossEntropy(input, target, { reduction: p.reduction, weight }));
goldenOp(g(binaryCrossEntropyWithLogits), ({ input, target, weight, pos_weight }, p) =>
  F.binaryCrossEntropyWithLogits(input, target, { reduction: p.reduction, weight, posWeight: pos_weight }),
);
goldenOp(g(klDiv), ({ input, target }, p) => F.klDiv(input, target, { reduction: p.reduction, logTarget: p.log_target }));
goldenOp(g(hingeLoss), ({ input, target }, p) => F.hingeLoss(input, target, { reduction: p.reduction }));
goldenOp(g(exponentialLoss), ({ input, target }, p) => F.exponentialLoss(input, target, { reduction: p.reduction }));
goldenOp(g(sigmoidFocalLoss), ({ input, target }, p) => F.sigmoidFocalLoss(input, target, { reduction: p.reduction, alpha: p.alpha, gamma: p.gamma }));
goldenOp(g(nllLoss), ({ input, target, weight }, p) => F.nllLoss(input, target, { reduction: p.reduction, weight, ignoreIndex: p.ignore_index }));
