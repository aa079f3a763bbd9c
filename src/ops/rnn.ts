// Recurrent layers as fused primitives: one autograd node runs one layer in one direction over the whole sequence.
//
// Forward: the input projections of every time step as one GEMM ([T·B, I] × [I, G·H], biases pre-filled), then per
// step one GEMM for the hidden projection and one fused cell kernel (gate nonlinearities and state update, SIMD) that
// leaves the gate activations in place for backward. Backward walks the steps in reverse: per step one fused kernel
// (gate gradients from the saved activations) and one GEMM for the recurrent gradient; the weight and input gradients
// are GEMMs over the whole sequence at the end. Every buffer is allocated once per call, none per step.
import { Fn } from "../autograd/fn";
import { runtime, useExtension } from "../backend/runtime";
import { binary, contig, copy, copyStrided, filled, sum as rawSum } from "../raw";
import { type Tensor, empty } from "../tensor";

// its kernels are in the extension module: init() loads it when this module is part of the app
useExtension();

/** The cell a recurrence runs: LSTM, GRU, or an Elman RNN with tanh or ReLU. */
export type RnnMode = "lstm" | "gru" | "rnnTanh" | "rnnRelu";

/** Gates per hidden unit: LSTM i, f, g, o; GRU r, z, n; the Elman RNN has one pre-activation. */
export const GATES: Record<RnnMode, number> = { lstm: 4, gru: 3, rnnTanh: 1, rnnRelu: 1 };

/** A scratch block of the GEMM kernel's packing buffers big enough for every [m, n, k] product listed (null if none). */
function workspace(shapes: [number, number, number][]): Tensor | null {
  const k = runtime().k;
  const bytes = Math.max(0, ...shapes.map(([m, n, kk]) => k.gemmWorkspace(m, n, kk)));
  return bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
}

/**
 * One recurrent layer in one direction over a time-major sequence. Inputs: x [T, B, I], h0 [B, H] or null (zeros),
 * c0 [B, H] or null (LSTM only), wIh [G·H, I], wHh [G·H, H], bIh and bHh [G·H] or null. Outputs: out [T, B, H] (the
 * hidden state after each step, in time order), hN [B, H] and, for LSTM, cN [B, H] — the states after the last step
 * processed (t = T − 1, or t = 0 when reverse). hN and cN are views of out and of the saved cell states.
 *
 * Saved for backward: x, the weights, out, h0, and per step the gate activations (LSTM, GRU), the cell states (LSTM)
 * or W_hn·h' + b_hn (GRU).
 */
class Recurrence extends Fn {
  static readonly typeName: string = "Recurrence";
  constructor(private readonly mode: RnnMode, private readonly reverse: boolean) { super(); }

  forward(x: Tensor, h0: Tensor | null, c0: Tensor | null, wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null) {
    const k = runtime().k;
    const { mode, reverse } = this;
    const [T, B, I] = x.shape, H = wHh.shape[1], G = GATES[mode] * H;
    const X = contig(x), Wih = contig(wIh), Whh = contig(wHh);
    const H0 = h0 ? contig(h0) : filled([B, H], 0);
    const gates = empty([T, B, G], "float32", false);
    // biases into every row of the gate buffer, then the input projections of all steps accumulate onto them
    const bias = mode === "gru" ? bIh : bIh && bHh ? binary("add", bIh, bHh, false) : bIh ?? bHh;
    if (bias) copyStrided([T * B, G], bias.ptr(), [0, bias.strides[0]], gates.ptr(), [G, 1]);
    const ws = workspace([[T * B, G, I], [B, G, H]]);
    const wsp = ws ? ws.ptr() : 0;
    k.gemm(T * B, G, I, X.ptr(), I, 0, Wih.ptr(), I, 1, gates.ptr(), G, bias ? 1 : 0, wsp);
    if (bias && bias !== bIh && bias !== bHh) bias.dispose();

    const out = empty([T, B, H]);
    // LSTM: cell states [T, B, H]; GRU: W_hn·h' + b_hn [T, B, H], plus one step's hidden projection [B, 3H]
    const state = mode === "lstm" || mode === "gru" ? empty([T, B, H], "float32", false) : null;
    const C0 = mode === "lstm" ? (c0 ? contig(c0) : filled([B, H], 0)) : null;
    const proj = mode === "gru" ? empty([B, G], "float32", false) : null;
    const bHhG = mode === "gru" ? (bHh ? contig(bHh) : filled([G], 0)) : null;
    const sb = B * H * 4, gb = B * G * 4;
    const gp = gates.ptr(), op = out.ptr(), whh = Whh.ptr(), h0p = H0.ptr(), sp = state?.ptr() ?? 0;
    for (let s = 0; s < T; s++) {
      const t = reverse ? T - 1 - s : s, prev = reverse ? t + 1 : t - 1;
      const hPrev = s === 0 ? h0p : op + prev * sb, g = gp + t * gb, y = op + t * sb;
      if (mode === "gru") {
        k.gemm(B, G, H, hPrev, H, 0, whh, H, 1, proj!.ptr(), G, 0, wsp);
        k.gruCell(B, H, g, proj!.ptr(), bHhG!.ptr(), hPrev, sp + t * sb, y);
        continue;
      }
      k.gemm(B, G, H, hPrev, H, 0, whh, H, 1, g, G, 1, wsp);
      if (mode === "lstm") k.lstmCell(B, H, g, s === 0 ? C0!.ptr() : sp + prev * sb, sp + t * sb, y);
      else (mode === "rnnTanh" ? k.tanh : k.relu)(B * H, g, y);
    }
    const last = reverse ? 0 : T - 1;
    const hN = out.stridedView([B, H], [H, 1], last * B * H);
    const outs = [out, hN];
    if (mode === "lstm") outs.push(state!.stridedView([B, H], [H, 1], last * B * H));
    this.save(X, Wih, Whh, out, H0);
    if (mode === "lstm") this.save(gates, state!, C0!);
    if (mode === "gru") this.save(gates, state!);
    for (const t of [X, Wih, Whh, H0, gates, state, C0, proj, bHhG, ws]) t?.dispose();
    return outs;
  }

  /**
   * Per step, latest first: dy = gOut[t] + dh; the cell's backward kernel gives the gate pre-activation gradients
   * dG[t] (input side) and dP[t] (hidden side: equal to dG except in GRU, where dP_n = dG_n·r); dh ← dP[t]·W_hh
   * (+ the GRU's direct path dy·z). Then dx = dG·W_ih, dW_ih = dGᵀ·x, dW_hh = Σ_t dP[t]ᵀ·h'[t], db_ih = Σ dG,
   * db_hh = Σ dP, dh0 = dh, dc0 = dc.
   */
  backward(gOut: Tensor | null, gHN: Tensor | null, gCN: Tensor | null = null) {
    const k = runtime().k;
    const { mode, reverse, needsGrad } = this;
    const [X, Wih, Whh, out, H0, gates, state, C0] = this.saved;
    const [T, B, I] = X.shape, H = Whh.shape[1], G = GATES[mode] * H;
    const GO = gOut ? contig(gOut) : filled([T, B, H], 0);
    const dh = gHN ? copy(gHN) : filled([B, H], 0, true);
    const dc = mode === "lstm" ? (gCN ? copy(gCN) : filled([B, H], 0, true)) : null;
    const dG = empty([T, B, G], "float32", false);
    const dP = mode === "gru" ? empty([T, B, G], "float32", false) : dG;
    const ws = workspace([[B, H, G], [T * B, I, G], [G, I, T * B], [G, H, T * B]]);
    const wsp = ws ? ws.ptr() : 0;
    const sb = B * H * 4, gb = B * G * 4;
    const gop = GO.ptr(), op = out.ptr(), whh = Whh.ptr(), dhp = dh.ptr(), dgp = dG.ptr(), dpp = dP.ptr();
    for (let s = T - 1; s >= 0; s--) {
      const t = reverse ? T - 1 - s : s, prev = reverse ? t + 1 : t - 1;
      const hPrev = s === 0 ? H0.ptr() : op + prev * sb;
      const g = t * gb, e = t * sb;
      if (mode === "lstm") k.lstmCellBwd(B, H, gates.ptr() + g, state.ptr() + e, s === 0 ? C0.ptr() : state.ptr() + prev * sb, gop + e, dhp, dc!.ptr(), dgp + g);
      else if (mode === "gru") k.gruCellBwd(B, H, gates.ptr() + g, state.ptr() + e, hPrev, gop + e, dhp, dgp + g, dpp + g);
      else {
        k.add(B * H, gop + e, dhp, dhp);
        (mode === "rnnTanh" ? k.tanhBwd : k.reluBwd)(B * H, op + e, dhp, dgp + g); // relu: y > 0 exactly where x > 0
      }
      if (s > 0 || needsGrad[1]) k.gemm(B, H, G, dpp + g, G, 0, whh, H, 0, dhp, H, mode === "gru" ? 1 : 0, wsp);
    }
    let dx: Tensor | null = null, dWih: Tensor | null = null, dWhh: Tensor | null = null;
    if (needsGrad[0]) {
      dx = empty([T, B, I]);
      k.gemm(T * B, I, G, dgp, G, 0, Wih.ptr(), I, 0, dx.ptr(), I, 0, wsp);
    }
    if (needsGrad[3]) {
      dWih = empty([G, I]);
      k.gemm(G, I, T * B, dgp, G, 1, X.ptr(), I, 0, dWih.ptr(), I, 0, wsp);
    }
    if (needsGrad[4]) {
      // h' of step t is out[t ∓ 1], so the steps after the first pair dP with out shifted by one; the first with h0
      dWhh = empty([G, H]);
      const first = reverse ? T - 1 : 0;
      if (T > 1) k.gemm(G, H, (T - 1) * B, dpp + (reverse ? 0 : gb), G, 1, op + (reverse ? sb : 0), H, 0, dWhh.ptr(), H, 0, wsp);
      k.gemm(G, H, B, dpp + first * gb, G, 1, H0.ptr(), H, 0, dWhh.ptr(), H, T > 1 ? 1 : 0, wsp);
    }
    const colSum = (t: Tensor) => {
      const rows = t.stridedView([T * B, G], [G, 1], 0, false);
      const s = rawSum(rows, [0], false);
      rows.dispose();
      return s;
    };
    const dbIh = needsGrad[5] ? colSum(dG) : null;
    const dbHh = !needsGrad[6] ? null : dP !== dG ? colSum(dP) : dbIh ? copy(dbIh) : colSum(dG); // db_hh = db_ih unless GRU
    const dh0 = needsGrad[1] ? dh : null, dc0 = needsGrad[2] ? dc : null;
    if (!dh0) dh.dispose();
    if (!dc0) dc?.dispose();
    for (const t of [GO, dG, dP === dG ? null : dP, ws]) t?.dispose();
    return [dx, dh0, dc0, dWih, dWhh, dbIh, dbHh];
  }
}

/**
 * Runs one recurrent layer of `mode` in one direction (reverse: from the last step to the first) over x [T, B, I]:
 * returns [out [T, B, H], hN [B, H]] and, for LSTM, cN [B, H] third. h0 and c0 [B, H] default to zeros (null); c0
 * only for LSTM. Weights in PyTorch's layout: wIh [G·H, I], wHh [G·H, H], biases [G·H] or null, gate blocks in
 * PyTorch's order (LSTM i, f, g, o; GRU r, z, n). The caller validates shapes.
 *
 * LSTM: i, f, o = σ(·), g = tanh(·) of x·W_ihᵀ + b_ih + h'·W_hhᵀ + b_hh; c = f·c' + i·g; h = o·tanh c.
 * GRU: r, z = σ(·) likewise; n = tanh(x·W_inᵀ + b_in + r·(h'·W_hnᵀ + b_hn)); h = (1 − z)·n + z·h'.
 * RNN: h = tanh or relu of x·W_ihᵀ + b_ih + h'·W_hhᵀ + b_hh.
 */
export function recurrentLayer(
  mode: RnnMode, x: Tensor, h0: Tensor | null, c0: Tensor | null,
  wIh: Tensor, wHh: Tensor, bIh: Tensor | null, bHh: Tensor | null, reverse = false,
): Tensor[] {
  return new Recurrence(mode, reverse).applyMulti(x, h0, mode === "lstm" ? c0 : null, wIh, wHh, bIh, bHh);
}
