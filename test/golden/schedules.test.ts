// PyTorch golden cases for learning-rate schedules and gradient clipping.
import { init, nn, optim, tensor } from "simdgrad";
import { beforeAll, describe, expect, test } from "vitest";
import { type GoldenFile, expectClose, fromGolden } from "../helpers/golden";
import clip from "./grad_clip.json";
import schedules from "./lr_schedule.json";

beforeAll(async () => {
  await init();
});

const S = optim.lrScheduler;
const make: Record<string, (o: optim.Optimizer, p: Record<string, any>) => { step(): void }> = {
  step_lr: (o, p) => new S.StepLR(o, p.step_size, { gamma: p.gamma }),
  exponential_lr: (o, p) => new S.ExponentialLR(o, p.gamma),
  cosine_annealing_lr: (o, p) => new S.CosineAnnealingLR(o, p.T_max, { etaMin: p.eta_min }),
  time_based_decay: (o, p) => new S.InverseTimeLR(o, p.decay),
};

describe("lr_schedule", () => {
  for (const c of (schedules as unknown as GoldenFile).cases) {
    test(`${c.id} ${c.desc}`, () => {
      const opt = new optim.SGD([tensor([1], { requiresGrad: true })], { lr: c.params.lr });
      const sched = make[c.op](opt, c.params);
      const lrs: number[] = [];
      for (let e = 0; e < c.params.epochs; e++) {
        lrs.push(opt.paramGroups[0].lr);
        sched.step();
      }
      expectClose(c.id, tensor(lrs), c.outputs.lr, c.tol.outputs.lr);
    });
  }
});

describe("grad_clip", () => {
  for (const c of (clip as unknown as GoldenFile).cases) {
    test(`${c.id} ${c.desc}`, () => {
      const names = Object.keys(c.inputs).filter((k) => k.startsWith("grad"));
      const params = names.map((n) => {
        const p = fromGolden(c.inputs[n], true);
        p.grad = fromGolden(c.inputs[n]);
        return p;
      });
      if (c.op === "clip_grad_norm") {
        const norm = c.params.norm_type === "inf" ? Infinity : c.params.norm_type;
        const total = nn.utils.clipGradNorm(params, c.params.max_norm, norm);
        expectClose(`${c.id} total_norm`, tensor(total), c.outputs.total_norm, c.tol.outputs.total_norm);
      } else nn.utils.clipGradValue(params, c.params.clip_value);
      names.forEach((n, i) => expectClose(`${c.id} clipped${i}`, params[i].grad, c.outputs[`clipped${i}`], c.tol.outputs[`clipped${i}`]));
      expect(params.length).toBeGreaterThan(0);
    });
  }
});
