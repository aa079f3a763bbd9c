// PyTorch golden cases for Adagrad, Adadelta and RMSprop (sgd/adam/adamw are in nn.test.ts), and the training
// trajectory train_mlp_bn_rmsprop (Linear → BatchNorm1d → tanh → Dropout(0) → Linear, RMSprop).
import { F, init, nn, optim, scope, supportedIsas, tensor } from "simdgrad";
import { describe, test } from "vitest";
import { type GoldenFile, expectClose, fromGolden, goldenOptimizer } from "../helpers/golden";
import adadelta from "./adadelta.json";
import adagrad from "./adagrad.json";
import rmsprop from "./rmsprop.json";
import training from "./training.json";

const g = (j: unknown) => j as GoldenFile;

goldenOptimizer(g(adagrad), (ps, p) =>
  new optim.Adagrad(ps, { lr: p.lr, lrDecay: p.lr_decay, weightDecay: p.weight_decay, initialAccumulatorValue: p.initial_accumulator_value, eps: p.eps }),
);
goldenOptimizer(g(adadelta), (ps, p) => new optim.Adadelta(ps, { lr: p.lr, rho: p.rho, eps: p.eps, weightDecay: p.weight_decay }));
const rmspropOptions = (p: Record<string, any>) => ({ lr: p.lr, alpha: p.alpha, eps: p.eps, weightDecay: p.weight_decay, momentum: p.momentum, centered: p.centered });
goldenOptimizer(g(rmsprop), (ps, p) => new optim.RMSprop(ps, rmspropOptions(p)));

const bnCase = g(training).cases.find((c) => c.op === "train_mlp_bn_rmsprop")!;
/** Our state-dict keys → the case's (PyTorch module names fc1, bn, fc2). */
const KEYS: [string, string][] = [
  ["0.weight", "fc1.weight"], ["1.weight", "bn.weight"], ["1.bias", "bn.bias"], ["1.running_mean", "bn.running_mean"],
  ["1.running_var", "bn.running_var"], ["4.weight", "fc2.weight"], ["4.bias", "fc2.bias"],
];
for (const isa of supportedIsas()) {
  describe(`training [${isa}]`, () => {
    test(`${bnCase.id} ${bnCase.desc}`, async () => {
      await init({ isa });
      const model = new nn.Sequential(new nn.Linear(4, 8, { bias: false }), new nn.BatchNorm1d(8), new nn.Tanh(), new nn.Dropout(0), new nn.Linear(8, 3));
      const ins = bnCase.inputs;
      model.loadStateDict(Object.fromEntries(KEYS.map(([ours, theirs]) => [ours, fromGolden(ins[theirs])])), { strict: false });
      const opt = new optim.RMSprop(model.parameters(), rmspropOptions(bnCase.params.optimizer));
      const x = fromGolden(ins.x), y = fromGolden(ins.target);
      const losses: number[] = [];
      for (let s = 0; s < bnCase.params.steps; s++) {
        losses.push(scope(() => {
          opt.zeroGrad();
          const loss = F.crossEntropy(model.forward(x), y);
          loss.backward();
          opt.step();
          return loss.item();
        }));
      }
      expectClose("losses", tensor(losses), bnCase.outputs.losses, bnCase.tol.outputs.losses);
      const sd = model.stateDict();
      for (const [ours, theirs] of KEYS) expectClose(theirs, sd[ours], bnCase.outputs[theirs], bnCase.tol.outputs[theirs]);
      model.dispose();
      opt.dispose();
    });
  });
}
