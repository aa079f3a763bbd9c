#!/usr/bin/python3
"""PyTorch reference cases for the recurrent modules beyond test/golden/{lstm,gru}.json (test/fixtures/torch/rnn.json).

  /usr/bin/python3 scripts/rnn-fixtures.py

Stacked and bidirectional nn.LSTM / nn.GRU / nn.RNN (tanh and relu) in both layouts, with and without initial states
and biases, unbatched input, and the cells. Same format and conventions as test/golden (see its FORMAT.md): inputs
rounded to float32 first, reference values computed in float64 and stored rounded to float32; the loss is
L = sum(out·upstream) + sum(h_n·upstream_h_n) (+ sum(c_n·upstream_c_n)); parameters appear under their state_dict
names; tolerances by the "rnn" rule (rtol 1e-4, atol = max(1e-5·max|ref|, 10·|PyTorch float32 − ref|), 2 digits up).
params.state_dict_keys lists PyTorch's state_dict keys in order. Use /usr/bin/python3 (Debian's, which has torch).
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "torch", "rnn.json")
MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN,
           "lstm_cell": torch.nn.LSTMCell, "gru_cell": torch.nn.GRUCell, "rnn_cell": torch.nn.RNNCell}


def up2(v):
    """v rounded up to 2 significant digits."""
    if v <= 0:
        return 0.0
    e = math.floor(math.log10(v)) - 1
    return math.ceil(v / 10 ** e - 1e-9) * 10 ** e


def enc(t):
    t = t.detach().to(torch.float32)
    return {"shape": list(t.shape), "dtype": "float32", "data": [float(repr_f32(v)) for v in t.reshape(-1).tolist()]}


def repr_f32(v):
    """The shortest decimal that round-trips to the float32 value v."""
    f = torch.tensor(v, dtype=torch.float32).item()
    for digits in range(6, 10):
        s = f"{f:.{digits}g}"
        if torch.tensor(float(s), dtype=torch.float32).item() == f:
            return s
    return repr(f)


def run(kind, kwargs, dtype, tensors, cell):
    """Outputs {name: tensor} and grads {input name: tensor} of one case at `dtype`."""
    m = MODULES[kind](**kwargs).to(dtype)
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(tensors[name])
    leaves = {k: tensors[k].to(dtype).clone().requires_grad_(True) for k in ("x", "h0", "c0") if k in tensors}
    lstm = kind in ("lstm", "lstm_cell")
    hx = None if "h0" not in leaves else ((leaves["h0"], leaves["c0"]) if lstm else leaves["h0"])
    res = m(leaves["x"], hx)
    if cell:
        outs = {"h_n": res[0], "c_n": res[1]} if lstm else {"h_n": res}
    else:
        out, hn = res
        outs = {"out": out, "h_n": hn[0], "c_n": hn[1]} if lstm else {"out": out, "h_n": hn}
    up = lambda n: tensors["upstream" if n == "out" else f"upstream_{n}"].to(dtype)
    sum((o * up(n)).sum() for n, o in outs.items()).backward()
    grads = {k: v.grad for k, v in leaves.items()}
    grads.update({n: p.grad for n, p in m.named_parameters()})
    return outs, grads, list(m.state_dict().keys())


def case(idx, kind, desc, kwargs, T, N, batched, state):
    """One case: PyTorch's default-initialised module (seeded), random input, states and upstream gradients."""
    g = torch.Generator().manual_seed(1000 + idx)
    torch.manual_seed(idx)
    cell = kind.endswith("_cell")
    m = MODULES[kind](**kwargs)
    H, I = kwargs["hidden_size"], kwargs["input_size"]
    if cell:
        xs, ss = ([N, I], [N, H]) if batched else ([I], [H])
    else:
        L = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
        xs = ([N, T, I] if kwargs.get("batch_first") else [T, N, I]) if batched else [T, I]
        ss = [L, N, H] if batched else [L, H]
    tensors = {"x": torch.randn(xs, generator=g)}
    if state:
        tensors["h0"] = torch.randn(ss, generator=g) * 0.5
        if kind in ("lstm", "lstm_cell"):
            tensors["c0"] = torch.randn(ss, generator=g) * 0.5
    tensors.update({name: p.detach().clone() for name, p in m.named_parameters()})
    # one upstream gradient per differentiable output, shaped like it (the shapes from a run with zero upstreams)
    zero = {u: torch.zeros(()) for u in ("upstream", "upstream_h_n", "upstream_c_n")}
    for n, o in run(kind, kwargs, torch.float32, {**tensors, **zero}, cell)[0].items():
        tensors["upstream" if n == "out" else f"upstream_{n}"] = torch.randn(o.shape, generator=g)
    ref_o, ref_g, keys = run(kind, kwargs, torch.float64, tensors, cell)
    f32_o, f32_g, _ = run(kind, kwargs, torch.float32, tensors, cell)

    def tol(ref, f32):
        r = ref.to(torch.float32).to(torch.float64)
        rule = 1e-5 * max(r.abs().max().item(), 1e-6)
        emp = 10 * (f32.to(torch.float64) - ref).abs().max().item()
        return {"rtol": 1e-4, "atol": up2(max(rule, emp)), "basis": "rule" if rule >= emp else "f32x10"}

    return {
        "id": f"fixture/rnn/{idx:03d}", "kind": "forward_backward", "op": kind, "desc": desc,
        "params": {**kwargs, "state_dict_keys": keys},
        "inputs": {k: enc(v) for k, v in tensors.items()},
        "outputs": {k: enc(v) for k, v in ref_o.items()},
        "grads": {k: enc(v) for k, v in ref_g.items()},
        "tol": {"outputs": {k: tol(ref_o[k], f32_o[k]) for k in ref_o}, "grads": {k: tol(ref_g[k], f32_g[k]) for k in ref_g}},
    }


CASES = [
    ("lstm", "2 layers, bidirectional, time-major, with (h0, c0), H=5", dict(input_size=3, hidden_size=5, num_layers=2, bidirectional=True), 4, 2, True, True),
    ("lstm", "3 layers, batch_first, no bias, no initial state, H=6", dict(input_size=4, hidden_size=6, num_layers=3, batch_first=True, bias=False), 3, 3, True, False),
    ("lstm", "one step, one sample, bidirectional, batch_first, with state, H=4", dict(input_size=2, hidden_size=4, bidirectional=True, batch_first=True), 1, 1, True, True),
    ("lstm", "unbatched [T, I], 2 layers, bidirectional, with state, H=3", dict(input_size=3, hidden_size=3, num_layers=2, bidirectional=True), 5, None, False, True),
    ("lstm", "2 layers, batch_first, H=13 (SIMD vectors and a tail), no state", dict(input_size=4, hidden_size=13, num_layers=2, batch_first=True), 5, 3, True, False),
    ("gru", "2 layers, bidirectional, batch_first, with h0, H=5", dict(input_size=3, hidden_size=5, num_layers=2, bidirectional=True, batch_first=True), 4, 2, True, True),
    ("gru", "2 layers, time-major, no bias, no h0, H=7", dict(input_size=5, hidden_size=7, num_layers=2, bias=False), 3, 2, True, False),
    ("gru", "unbatched, bidirectional, with h0, H=9", dict(input_size=2, hidden_size=9, bidirectional=True), 4, None, False, True),
    ("rnn", "tanh, 2 layers, bidirectional, time-major, with h0, H=4", dict(input_size=3, hidden_size=4, num_layers=2, bidirectional=True), 4, 3, True, True),
    ("rnn", "relu, 2 layers, batch_first, no h0, H=6", dict(input_size=4, hidden_size=6, num_layers=2, batch_first=True, nonlinearity="relu"), 3, 2, True, False),
    ("lstm_cell", "with (h, c), H=5", dict(input_size=3, hidden_size=5), None, 3, True, True),
    ("lstm_cell", "unbatched, no state, no bias, H=4", dict(input_size=2, hidden_size=4, bias=False), None, None, False, False),
    ("gru_cell", "with h, H=6", dict(input_size=4, hidden_size=6), None, 2, True, True),
    ("gru_cell", "no h, H=3", dict(input_size=3, hidden_size=3), None, 4, True, False),
    ("rnn_cell", "tanh with h, H=5", dict(input_size=3, hidden_size=5), None, 2, True, True),
    ("rnn_cell", "relu, unbatched, no h, H=4", dict(input_size=3, hidden_size=4, nonlinearity="relu"), None, None, False, False),
]

if __name__ == "__main__":
    torch.set_num_threads(1)
    cases = [case(i, k, d, kw, T, N, b, s) for i, (k, d, kw, T, N, b, s) in enumerate(CASES)]
    doc = {"format_version": 1, "set": "fixture", "file": "rnn (PyTorch fixtures)", "torch_version": torch.__version__,
           "generator": "scripts/rnn-fixtures.py", "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT}: {len(cases)} cases, {os.path.getsize(OUT)} bytes")
