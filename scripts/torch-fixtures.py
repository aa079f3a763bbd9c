#!/usr/bin/python3
"""PyTorch <-> simdgrad safetensors fixtures (test/fixtures/torch/).

  /usr/bin/python3 scripts/torch-fixtures.py          writes mlp.safetensors + mlp.json (a seeded PyTorch MLP's
                                                      state_dict, an input and PyTorch's output for it) and
                                                      dtypes.safetensors + dtypes.json (F16/BF16/F64/I64 tensors as
                                                      PyTorch stores them, with their values)
  /usr/bin/python3 scripts/torch-fixtures.py --check  loads from-simdgrad.safetensors (saved by simdgrad, see
                                                      test/fixtures/torch/make-from-simdgrad.ts) into the same
                                                      PyTorch model with strict load_state_dict and prints PyTorch's
                                                      outputs next to simdgrad's; exits 1 if they differ by > 1e-5

Uses the `safetensors` module when it is installed, else reads and writes the format by hand (Debian 12 packages
PyTorch 1.13 but not safetensors): an 8-byte little-endian header length, a UTF-8 JSON header
{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {str: str}} padded with spaces to a multiple of
8, then each tensor's bytes, little-endian and row-major. Use /usr/bin/python3 (Debian's, which has torch).
"""
import base64
import json
import os
import struct
import sys

import torch

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "torch")
DTYPES = {torch.float32: "F32", torch.int32: "I32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64", torch.int64: "I64"}
BY_NAME = {v: k for k, v in DTYPES.items()}
# Same-width integer types to reinterpret each dtype's bytes through numpy (which lacks bfloat16).
RAW = {torch.float32: torch.int32, torch.int32: torch.int32, torch.float16: torch.int16, torch.bfloat16: torch.int16,
       torch.float64: torch.int64, torch.int64: torch.int64}

try:
    from safetensors.torch import load as st_load, save as st_save
except ImportError:
    st_load = st_save = None


def save_bytes(tensors, metadata=None):
    """The safetensors bytes of a dict of tensors, in dict order."""
    if st_save is not None:
        return st_save(tensors, metadata)
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, t in tensors.items():
        raw = t.detach().contiguous().view(RAW[t.dtype]).numpy().astype(f"<i{t.element_size()}").tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def load_bytes(data):
    """(tensors, metadata) from safetensors bytes, checking offsets tile the data section."""
    if st_load is not None:
        meta = json.loads(data[8:8 + struct.unpack("<Q", data[:8])[0]]).get("__metadata__", {})
        return st_load(data), meta
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    body = data[8 + n:]
    meta = header.pop("__metadata__", {})
    spans = sorted((info["data_offsets"], name) for name, info in header.items())
    at = 0
    for (begin, end), name in spans:
        assert begin == at, f"{name}: data_offsets start at {begin}, expected {at}"
        at = end
    assert at == len(body), f"data section has {len(body)} bytes, tensors cover {at}"
    tensors = {}
    for name, info in header.items():
        dtype = BY_NAME[info["dtype"]]
        begin, end = info["data_offsets"]
        # (assumes a little-endian machine, as PyTorch's own safetensors loading does)
        raw = torch.frombuffer(bytearray(body[begin:end]), dtype=RAW[dtype]) if end > begin else torch.empty(0, dtype=RAW[dtype])
        tensors[name] = raw.view(dtype).reshape(info["shape"]).clone()
    return tensors, meta


def mlp():
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3))


def write(name, data):
    with open(os.path.join(HERE, name), "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    print(f"wrote test/fixtures/torch/{name} ({len(data)} bytes)")


def as_json(obj):
    return json.dumps(obj, indent=1) + "\n"


def generate():
    torch.manual_seed(0)
    model = mlp()
    x = torch.randn(6, 4)
    with torch.no_grad():
        y = model(x)
    st = save_bytes(model.state_dict(), {"format": "pt"})
    write("mlp.safetensors", st)
    write("mlp.json", as_json({
        "about": "PyTorch nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 3)), torch.manual_seed(0); input = torch.randn(6, 4) "
                 "after the model; output = model(input). Made by scripts/torch-fixtures.py; safetensors = base64 of mlp.safetensors.",
        "torch": torch.__version__,
        "safetensors": base64.b64encode(st).decode("ascii"),
        "input": x.tolist(),
        "output": y.tolist(),
    }))
    # The dtypes simdgrad converts on load, as PyTorch lays them out, with values that exercise the conversions.
    special = [0.0, -0.0, 1.0, -2.5, 65504.0, 6.103515625e-05, 5.960464477539063e-08, float("inf"), float("-inf"), 0.1, 1 / 3, -1e-3]
    tensors = {
        "f16": torch.tensor(special, dtype=torch.float16).reshape(3, 4),
        "bf16": torch.tensor(special + [3.0e38, -1.0e-38], dtype=torch.bfloat16).reshape(2, 7),
        "f64": torch.tensor([[1 / 3, -1e-40, 1e30], [2.0 ** -149, 123456789.123, -0.0]], dtype=torch.float64),
        "i64": torch.tensor([0, -1, 2147483647, -2147483648, 42], dtype=torch.int64),
        "num_batches_tracked": torch.tensor(7, dtype=torch.int64),
        "empty": torch.zeros(0, 3),
    }
    st = save_bytes(tensors, {"format": "pt", "note": "dtype conversions"})
    write("dtypes.safetensors", st)
    write("dtypes.json", as_json({
        "about": "Tensors in F16, BF16, F64 and I64 as PyTorch stores them; values = tensor.float() (or .int()) in PyTorch. "
                 "Made by scripts/torch-fixtures.py; safetensors = base64 of dtypes.safetensors.",
        "torch": torch.__version__,
        "safetensors": base64.b64encode(st).decode("ascii"),
        "tensors": {
            name: {
                "dtype": DTYPES[t.dtype],
                "shape": list(t.shape),
                # JSON has no infinities: encode them as strings
                "values": [v if abs(v) != float("inf") else ("inf" if v > 0 else "-inf")
                           for v in (t.int() if t.dtype == torch.int64 else t.float()).reshape(-1).tolist()],
            }
            for name, t in tensors.items()
        },
    }))


def check():
    with open(os.path.join(HERE, "from-simdgrad.safetensors"), "rb") as f:
        tensors, meta = load_bytes(f.read())
    with open(os.path.join(HERE, "from-simdgrad.json")) as f:
        expected = json.load(f)
    print(f"from-simdgrad.safetensors: {', '.join(f'{k} {list(v.shape)} {v.dtype}' for k, v in tensors.items())}; metadata {meta}")
    model = mlp()
    print("load_state_dict(strict=True):", model.load_state_dict(tensors, strict=True))
    x = torch.tensor(expected["input"])
    with torch.no_grad():
        y = model(x)
    theirs = torch.tensor(expected["output"])
    print("row  PyTorch output                     | simdgrad output")
    for i, (a, b) in enumerate(zip(y.tolist(), theirs.tolist())):
        print(f"{i:3d}  {' '.join(f'{v:+.6f}' for v in a)}  | {' '.join(f'{v:+.6f}' for v in b)}")
    diff = (y - theirs).abs().max().item()
    print(f"max |PyTorch - simdgrad| = {diff:.3g} ({'OK' if diff <= 1e-5 else 'MISMATCH'}, tolerance 1e-5)")
    return 0 if diff <= 1e-5 else 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        sys.exit(check())
    if sys.argv[1:]:
        sys.exit(__doc__)
    generate()
