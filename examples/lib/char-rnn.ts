// A character-level language model (embedding → LSTM or GRU → linear read-out): the vocabulary, the model, training on
// random windows of a text, held-out loss and temperature sampling, shared by examples/char-rnn.ts and its test.
import { F, Generator, type Tensor, nn, noGrad, optim, scope, tensor } from "simdgrad";

/** The characters of a text, each mapped to an index (sorted by code point). */
export class Vocab {
  readonly chars: string[];
  private readonly index = new Map<string, number>();
  constructor(text: string) {
    this.chars = [...new Set(text)].sort();
    this.chars.forEach((c, i) => this.index.set(c, i));
  }
  get size(): number {
    return this.chars.length;
  }
  /** Indices of the characters of s; characters outside the vocabulary are an error. */
  encode(s: string): Int32Array {
    return Int32Array.from([...s], (c) => {
      const i = this.index.get(c);
      if (i === undefined) throw new RangeError(`Vocab: character ${JSON.stringify(c)} is not in the text's vocabulary`);
      return i;
    });
  }
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (i) => this.chars[i]).join("");
  }
}

export interface CharModelOptions {
  /** Embedding size (default 32). */
  embed?: number;
  /** Hidden units per recurrent layer (default 256). */
  hidden?: number;
  /** Stacked recurrent layers (default 1). */
  layers?: number;
  /** "lstm" (default) or "gru". */
  cell?: "lstm" | "gru";
  /** Dropout between stacked layers in training (default 0). */
  dropout?: number;
}

/** The recurrent state: [h, c] for an LSTM, [h] for a GRU. */
export type CharState = Tensor[];

/** logits[b, t] = W·rnn(embed(x[b, 0..t])) + b over the vocabulary; x is int32 [N, T] (batch first). */
export class CharModel extends nn.Module {
  embed: nn.Embedding;
  rnn: nn.LSTM | nn.GRU;
  head: nn.Linear;
  constructor(readonly vocabSize: number, opts: CharModelOptions = {}) {
    super();
    const { embed = 32, hidden = 256, layers = 1, cell = "lstm", dropout = 0 } = opts;
    this.embed = new nn.Embedding(vocabSize, embed);
    const Rnn = cell === "gru" ? nn.GRU : nn.LSTM;
    this.rnn = new Rnn(embed, hidden, { numLayers: layers, batchFirst: true, dropout });
    this.head = new nn.Linear(hidden, vocabSize);
  }
  /** [logits [N, T, vocab], the state after the last step] from optional initial states. */
  forward(x: Tensor, state: CharState | null = null): [Tensor, CharState] {
    const e = this.embed.forward(x);
    let out: Tensor, next: CharState;
    if (this.rnn instanceof nn.LSTM) {
      const [o, [h, c]] = this.rnn.forward(e, state ? [state[0], state[1]] : null);
      [out, next] = [o, [h, c]];
    } else {
      const [o, h] = this.rnn.forward(e, state ? state[0] : null);
      [out, next] = [o, [h]];
    }
    return [this.head.forward(out), next];
  }
}

export interface TrainOptions {
  /** Training steps (default 1000). */
  steps?: number;
  /** Windows per batch (default 32). */
  batchSize?: number;
  /** Characters per window, i.e. steps of backpropagation through time (default 64). */
  seqLen?: number;
  /** Adam learning rate (default 2e-3). */
  lr?: number;
  /** Gradient clipping: the largest total gradient norm per step (default 1). */
  maxGradNorm?: number;
  /** Seed for the weights and the windows (default 0). */
  seed?: number;
  /** Evaluate on the held-out text every this many steps (default 100). */
  evalEvery?: number;
  /** Called after each step with the step, its loss and the gradient norm before clipping. */
  onStep?: (step: number, loss: number, gradNorm: number) => void;
  /** Called after each evaluation with the held-out loss (nats per character). */
  onEval?: (step: number, valLoss: number) => void;
}

/** Mean cross-entropy (nats per character) of the model predicting each next character of the windows [N, T + 1]. */
function windowLoss(model: CharModel, windows: Int32Array, n: number, len: number): Tensor {
  const x = new Int32Array(n * len), y = new Int32Array(n * len);
  for (let i = 0; i < n; i++) {
    x.set(windows.subarray(i * (len + 1), i * (len + 1) + len), i * len);
    y.set(windows.subarray(i * (len + 1) + 1, (i + 1) * (len + 1)), i * len);
  }
  const [logits] = model.forward(tensor(x, [n, len]));
  return F.crossEntropy(logits.reshape([n * len, model.vocabSize]), tensor(y, [n * len]));
}

/** n windows of len + 1 characters of `ids` starting at the given offsets. */
function gather(ids: Int32Array, starts: number[], len: number): Int32Array {
  const out = new Int32Array(starts.length * (len + 1));
  starts.forEach((s, i) => out.set(ids.subarray(s, s + len + 1), i * (len + 1)));
  return out;
}

/**
 * Trains the model with Adam on random windows of `train` (ids), the total gradient norm clipped to maxGradNorm;
 * every evalEvery steps computes the loss on 32 fixed windows of `val`. Returns the training losses and the held-out
 * evaluations [step, loss]. The optimizer state is freed at the end; the model stays.
 */
export function trainChars(model: CharModel, train: Int32Array, val: Int32Array, opts: TrainOptions = {}): { losses: number[]; evals: [number, number][] } {
  const { steps = 1000, batchSize = 32, seqLen = 64, lr = 2e-3, maxGradNorm = 1, seed = 0, evalEvery = 100, onStep, onEval } = opts;
  const gen = new Generator(seed);
  const opt = new optim.Adam(model.parameters(), { lr });
  const valN = Math.min(32, Math.floor((val.length - 1) / (seqLen + 1)));
  const valWindows = gather(val, Array.from({ length: valN }, (_, i) => i * (seqLen + 1)), seqLen);
  const evaluate = () => {
    model.eval();
    const l = noGrad(() => scope(() => windowLoss(model, valWindows, valN, seqLen).item()));
    model.train();
    return l;
  };
  const losses: number[] = [], evals: [number, number][] = [];
  for (let step = 1; step <= steps; step++) {
    const starts = Array.from({ length: batchSize }, () => gen.int(train.length - seqLen - 1));
    const windows = gather(train, starts, seqLen);
    const [loss, norm] = scope(() => {
      const l = windowLoss(model, windows, batchSize, seqLen);
      opt.zeroGrad();
      l.backward();
      const n = nn.utils.clipGradNorm(model.parameters(), maxGradNorm);
      opt.step();
      return [l.item(), n];
    });
    losses.push(loss);
    onStep?.(step, loss, norm);
    if (valN > 0 && (step % evalEvery === 0 || step === steps)) {
      evals.push([step, evaluate()]);
      onEval?.(step, evals[evals.length - 1][1]);
    }
  }
  for (const state of opt.state.values()) for (const v of Object.values(state)) if (typeof v !== "number") v.dispose();
  return { losses, evals };
}

export interface SampleOptions {
  /** Characters to generate after the prompt (default 300). */
  length?: number;
  /** Divides the logits before the softmax: < 1 sharper and safer, > 1 more varied (default 0.8). */
  temperature?: number;
  /** Text the model reads first (default "\n"). */
  prompt?: string;
  /** Random numbers for the draws (default: a Generator seeded with 0). */
  generator?: Generator;
}

/**
 * Generates text: reads the prompt, then repeatedly draws the next character from softmax(logits / temperature) and
 * feeds it back, carrying the recurrent state (eval mode, no gradients). Returns the generated characters only.
 */
export function sample(model: CharModel, vocab: Vocab, opts: SampleOptions = {}): string {
  const { length = 300, temperature = 0.8, prompt = "\n", generator = new Generator(0) } = opts;
  if (!(temperature > 0)) throw new RangeError(`sample: temperature must be > 0, got ${temperature}`);
  if (prompt.length === 0) throw new RangeError("sample: prompt must not be empty");
  const wasTraining = model.training;
  model.eval();
  const out: number[] = [];
  let state: CharState | null = null;
  let input = vocab.encode(prompt);
  noGrad(() => {
    for (let i = 0; i < length; i++) {
      const next: CharState = scope(() => {
        const [logits, s] = model.forward(tensor(input, [1, input.length]), state);
        const v = logits.dataSync().subarray((input.length - 1) * vocab.size); // the last position
        const max = Math.max(...v);
        const p = Array.from(v, (z) => Math.exp((z - max) / temperature));
        let u = generator.random() * p.reduce((a, b) => a + b, 0), k = 0;
        while (k < p.length - 1 && (u -= p[k]) > 0) k++;
        out.push(k);
        return s;
      });
      for (const t of state ?? []) t.dispose();
      state = next;
      input = Int32Array.of(out[out.length - 1]);
    }
  });
  for (const t of (state as CharState | null) ?? []) t.dispose(); // (assigned inside the callback)
  model.train(wasTraining);
  return vocab.decode(out);
}

/** Splits a text into training and held-out ids (the last `valFraction` of it) over its vocabulary. */
export function prepareText(text: string, valFraction = 0.05): { vocab: Vocab; train: Int32Array; val: Int32Array } {
  const vocab = new Vocab(text);
  const ids = vocab.encode(text);
  const cut = Math.floor(ids.length * (1 - valFraction));
  return { vocab, train: ids.subarray(0, cut), val: ids.subarray(cut) };
}

