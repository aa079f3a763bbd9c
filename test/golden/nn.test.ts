// PyTorch golden cases for losses, optimizers and training trajectories.
import { F, init, nn, optim, scope, supportedIsas, tensor } from "simdgrad";
import { describe, test } from "vitest";
import { type GoldenFile, expectClose, fromGolden, goldenOp, goldenOptimizer } from "../helpers/golden";
import adam from "./adam.json";
import adamw from "./adamw.json";
import crossEntropy from "./cross_entropy.json";
import mse from "./mse_loss.json";
import sgd from "./sgd.json";
import training from "./training.json";

const g = (j: unknown) => j as GoldenFile;
const opt = (c: Record<string, any>) => ({ weight: c.weight ?? null, ignoreIndex: c.ignore_index, labelSmoothing: c.label_smoothing });

goldenOp(g(mse), ({ input, target }, p) => F.mseLoss(input, target, { reduction: p.reduction }));
goldenOp(g(crossEntropy), ({ input, target, weight }, p) =>
  F.crossEntropy(input, target, { reduction: p.reduction, ...opt({ ...p, weight }), ignoreIndex: p.ignore_index ?? -100 }),
);

goldenOptimizer(g(sgd), (ps, p) =>
  new optim.SGD(ps, { lr: p.lr, momentum: p.momentum, dampening: p.dampening, weightDecay: p.weight_decay, nesterov: p.nesterov }),
);
goldenOptimizer(g(adam), (ps, p) => new optim.Adam(ps, { lr: p.lr, betas: p.betas, eps: p.eps, weightDecay: p.weight_decay, amsgrad: p.amsgrad }));
goldenOptimizer(g(adamw), (ps, p) => new optim.AdamW(ps, { lr: p.lr, betas: p.betas, eps: p.eps, weightDecay: p.weight_decay, amsgrad: p.amsgrad }));

const mlpCase = g(training).cases.find((c) => c.op === "train_mlp_sgd")!;
for (const isa of supportedIsas()) {
  describe(`training [${isa}]`, () => {
    test(`${mlpCase.id} ${mlpCase.desc}`, async () => {
      await init({ isa });
      const model = new nn.Sequential(new nn.Linear(4, 8), new nn.Tanh(), new nn.Linear(8, 3));
      const ins = mlpCase.inputs;
      model.loadStateDict({
        "0.weight": fromGolden(ins["fc1.weight"]), "0.bias": fromGolden(ins["fc1.bias"]),
        "2.weight": fromGolden(ins["fc2.weight"]), "2.bias": fromGolden(ins["fc2.bias"]),
      });
      const o = mlpCase.params.optimizer;
      const sgdOpt = new optim.SGD(model.parameters(), { lr: o.lr, momentum: o.momentum, dampening: o.dampening, weightDecay: o.weight_decay, nesterov: o.nesterov });
      const x = fromGolden(ins.x), y = fromGolden(ins.target);
      const losses: number[] = [];
      for (let s = 0; s < mlpCase.params.steps; s++) {
        losses.push(scope(() => {
          const loss = F.crossEntropy(model.forward(x), y);
          sgdOpt.zeroGrad();
          loss.backward();
          sgdOpt.step();
          return loss.item();
        }));
      }
      expectClose("losses", tensor(losses), mlpCase.outputs.losses, mlpCase.tol.outputs.losses);
      const sd = model.stateDict();
      for (const [ours, theirs] of [["0.weight", "fc1.weight"], ["0.bias", "fc1.bias"], ["2.weight", "fc2.weight"], ["2.bias", "fc2.bias"]]) {
        expectClose(theirs, sd[ours], mlpCase.outputs[theirs], mlpCase.tol.outputs[theirs]);
      }
    });
  });
}
