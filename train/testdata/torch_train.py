#!/usr/bin/python3
"""Trains conv1d-ts or lstm-ts in PyTorch from the weights and data a Go test wrote, as the Go trainer does:
the batches in the data's order, no dropout, MSE, Keras's Adam. For TestTorchTrainingParity.

Usage: torch_train.py DIR. DIR holds manifest.json ({"arch", "window", "channels", "batch", "epochs", "lr",
"beta1", "beta2", "epsilon", "params": [{"name", "shape"}]}), params.f32 (the parameters in the manifest's order),
train.f32 and val.f32 (scaled windows, (channels, window) each), float32 little-endian. Prints one JSON line:
{"loss": [...], "val_loss": [...]}, the sample-weighted mean training loss of each epoch and the loss on the
validation windows after it.

The models are keras.io's, written in PyTorch with the Go spec's parameter layouts:
  conv1d-ts: Conv1D 32 then 16 (kernel 7, stride 2, 'same', relu), Conv1DTranspose 16 then 32 (kernel 7,
             stride 2, 'same', relu), Conv1DTranspose C (kernel 7, 'same', linear); 'same' pads as TensorFlow
             does, the odd step after.
  lstm-ts:   LSTM 64 (last h), repeated over the window, LSTM 64 (every h), a per-step Dense C. One bias per
             gate, as Keras has (PyTorch's second bias stays zero and is not trained).
"""
import json, os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def same_pads(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


class ConvTS(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.enc = nn.ModuleList([nn.Conv1d(c, 32, 7, stride=2), nn.Conv1d(32, 16, 7, stride=2)])
        s.dec = nn.ModuleList([nn.ConvTranspose1d(16, 16, 7, stride=2), nn.ConvTranspose1d(16, 32, 7, stride=2),
                               nn.ConvTranspose1d(32, c, 7)])

    def forward(s, x):
        for conv in s.enc:
            x = F.relu(conv(F.pad(x, same_pads(x.shape[-1], 7, 2))))
        for i, conv in enumerate(s.dec):
            stride = conv.stride[0]
            n = x.shape[-1] * stride
            before, _ = same_pads(n, 7, stride)
            x = conv(x)[..., before:before + n]
            if i < 2:
                x = F.relu(x)
        return x

    def params(s):
        for conv in list(s.enc) + list(s.dec):
            yield conv.weight
            yield conv.bias


class LSTMTS(nn.Module):
    def __init__(s, c, units=64):
        super().__init__()
        s.enc = nn.LSTM(c, units, batch_first=True)
        s.dec = nn.LSTM(units, units, batch_first=True)
        s.out = nn.Conv1d(units, c, 1)
        for lstm in (s.enc, s.dec):
            lstm.bias_hh_l0.requires_grad_(False)
            with torch.no_grad():
                lstm.bias_hh_l0.zero_()

    def forward(s, x):
        z = x.transpose(1, 2)
        _, (h, _) = s.enc(z)
        y, _ = s.dec(h[-1].unsqueeze(1).repeat(1, z.shape[1], 1))
        return s.out(y.transpose(1, 2))

    def params(s):
        for lstm in (s.enc, s.dec):
            yield lstm.weight_ih_l0
            yield lstm.weight_hh_l0
            yield lstm.bias_ih_l0
        yield s.out.weight
        yield s.out.bias


def main():
    d = sys.argv[1]
    man = json.load(open(os.path.join(d, "manifest.json")))
    torch.set_num_threads(1)
    c, w = man["channels"], man["window"]
    net = {"conv1d-ts": ConvTS, "lstm-ts": LSTMTS}[man["arch"]](c)
    flat = np.fromfile(os.path.join(d, "params.f32"), dtype="<f4")
    params, off = list(net.params()), 0
    if len(params) != len(man["params"]):
        sys.exit(f"{len(man['params'])} parameters in the manifest, the model has {len(params)}")
    with torch.no_grad():
        for p, m in zip(params, man["params"]):
            n = int(np.prod(m["shape"]))
            if n != p.numel():
                sys.exit(f"{m['name']}: {m['shape']} does not fit {tuple(p.shape)}")
            p.copy_(torch.from_numpy(flat[off:off + n].copy()).view(p.shape))
            off += n
    xtr = torch.from_numpy(np.fromfile(os.path.join(d, "train.f32"), dtype="<f4").reshape(-1, c, w))
    xva = torch.from_numpy(np.fromfile(os.path.join(d, "val.f32"), dtype="<f4").reshape(-1, c, w))
    b1, b2, eps, lr = man["beta1"], man["beta2"], man["epsilon"], man["lr"]
    slots = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    losses, val_losses, step = [], [], 0
    for _ in range(man["epochs"]):
        total = 0.0
        for i in range(0, len(xtr), man["batch"]):
            xb = xtr[i:i + man["batch"]]
            loss = F.mse_loss(net(xb), xb)
            for p in params:
                p.grad = None
            loss.backward()
            step += 1
            lr_t = lr * (1 - b2 ** step) ** 0.5 / (1 - b1 ** step)  # Keras's Adam
            with torch.no_grad():
                for p, (m, v) in zip(params, slots):
                    m.mul_(b1).add_(p.grad, alpha=1 - b1)
                    v.mul_(b2).addcmul_(p.grad, p.grad, value=1 - b2)
                    p.sub_(lr_t * m / (v.sqrt() + eps))
            total += loss.item() * len(xb)
        losses.append(total / len(xtr))
        with torch.no_grad():
            val_losses.append(F.mse_loss(net(xva), xva).item())
    print(json.dumps({"loss": losses, "val_loss": val_losses}))


if __name__ == "__main__":
    main()
