// PyTorch golden training trajectory train_cnn_adam (Conv2d → ReLU → MaxPool2d → Flatten → Linear, cross-entropy,
// Adam), under every ISA: the losses of every step and the final weights.
import { F, init, nn, optim, scope, supportedIsas, tensor } from "simdgrad";
import { describe, test } from "vitest";
import { type GoldenFile, expectClose, fromGolden } from "../helpers/golden";
import training from "./training.json";

const cnnCase = (training as unknown as GoldenFile).cases.find((c) => c.op === "train_cnn_adam")!;
/** Our state-dict keys (Sequential indices) → the case's (PyTorch module names conv, fc). */
const KEYS: [string, string][] = [["0.weight", "conv.weight"], ["0.bias", "conv.bias"], ["4.weight", "fc.weight"], ["4.bias", "fc.bias"]];

for (const isa of supportedIsas()) {
  describe(`training [${isa}]`, () => {
    test(`${cnnCase.id} ${cnnCase.desc}`, async () => {
      await init({ isa });
      const model = new nn.Sequential(
        new nn.Conv2d(1, 2, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(), new nn.Linear(18, 3),
      );
      const ins = cnnCase.inputs;
      model.loadStateDict(Object.fromEntries(KEYS.map(([ours, theirs]) => [ours, fromGolden(ins[theirs])])));
      const o = cnnCase.params.optimizer;
      const opt = new optim.Adam(model.parameters(), { lr: o.lr, betas: o.betas, eps: o.eps, weightDecay: o.weight_decay, amsgrad: o.amsgrad });
      const x = fromGolden(ins.x), y = fromGolden(ins.target);
      const losses: number[] = [];
      for (let s = 0; s < cnnCase.params.steps; s++) {
        losses.push(scope(() => {
          const loss = F.crossEntropy(model.forward(x), y);
          opt.zeroGrad();
          loss.backward();
          opt.step();
          return loss.item();
        }));
      }
      expectClose("losses", tensor(losses), cnnCase.outputs.losses, cnnCase.tol.outputs.losses);
      const sd = model.stateDict();
      for (const [ours, theirs] of KEYS) expectClose(theirs, sd[ours], cnnCase.outputs[theirs], cnnCase.tol.outputs[theirs]);
      model.dispose();
      opt.dispose();
      x.dispose();
      y.dispose();
    });
  });
}
