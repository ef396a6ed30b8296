#!/usr/bin/python3
"""Exports the PyTorch peer's dense, conv and conv-t autoencoders with torch.onnx.export, for TestONNXTorch.

The three models are written here as ../shared/peers/torch_ae.py defines them (the same layers, in the same
order; random weights from seed 1). The BCE models (dense, conv-t) end in a sigmoid, as their reconstruction is
sigmoid(logits); conv (MSE) is linear. Usage: torch_export.py OUT_DIR
Writes OUT_DIR/{dense,conv,conv-t}.onnx (opset 17, a dynamic batch axis), OUT_DIR/x.f32 (100 rows of 784 values
in [0, 1), float32 little-endian) and OUT_DIR/NAME.out.f32, PyTorch's own output on them.
"""
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class Dense(nn.Module):
    def __init__(s):
        super().__init__(); s.e = nn.Linear(784, 32); s.d = nn.Linear(32, 784)

    def forward(s, x):
        return torch.sigmoid(s.d(F.relu(s.e(x.view(-1, 784)))))


class Conv(nn.Module):
    def __init__(s):
        super().__init__()
        s.c1 = nn.Conv2d(1, 16, 3, padding=1); s.c2 = nn.Conv2d(16, 1, 3, padding=1)
        s.c3 = nn.Conv2d(1, 1, 3, padding=1); s.c4 = nn.Conv2d(1, 16, 3, padding=1); s.c5 = nn.Conv2d(16, 1, 3, padding=1)

    def forward(s, x):
        x = x.view(-1, 1, 28, 28)
        x = F.max_pool2d(F.relu(s.c1(x)), 2); h = F.max_pool2d(F.relu(s.c2(x)), 2)
        x = F.interpolate(F.relu(s.c3(h)), scale_factor=2, mode="nearest")
        x = F.interpolate(F.relu(s.c4(x)), scale_factor=2, mode="nearest")
        return s.c5(x).view(-1, 784)


class ConvT(nn.Module):
    def __init__(s):
        super().__init__()
        s.e1 = nn.Conv2d(1, 32, 3, padding=1); s.e2 = nn.Conv2d(32, 32, 3, padding=1)
        s.t1 = nn.ConvTranspose2d(32, 32, 3, stride=2); s.t2 = nn.ConvTranspose2d(32, 32, 3, stride=2)
        s.d = nn.Conv2d(32, 1, 3, padding=1)

    def forward(s, x):
        x = x.view(-1, 1, 28, 28)
        x = F.max_pool2d(F.relu(s.e1(x)), 2); h = F.max_pool2d(F.relu(s.e2(x)), 2)
        x = F.relu(s.t1(h))[..., :14, :14]
        x = F.relu(s.t2(x))[..., :28, :28]
        return torch.sigmoid(s.d(x).view(-1, 784))


def main():
    out = sys.argv[1]
    torch.manual_seed(1); torch.set_num_threads(1)
    x = torch.from_numpy(np.random.default_rng(2).random((100, 784), dtype=np.float32))
    x.numpy().astype("<f4").tofile(os.path.join(out, "x.f32"))
    for name, net in (("dense", Dense()), ("conv", Conv()), ("conv-t", ConvT())):
        net.eval()
        with torch.no_grad():
            for p in net.parameters():  # biases of the size of the weights' spread, so that each one counts
                if p.dim() == 1:
                    p.uniform_(-0.1, 0.1)
            net(x).numpy().astype("<f4").tofile(os.path.join(out, name + ".out.f32"))
        torch.onnx.export(net, x[:2], os.path.join(out, name + ".onnx"), opset_version=17,
                          input_names=["x"], output_names=["reconstruction"],
                          dynamic_axes={"x": {0: "batch"}, "reconstruction": {0: "batch"}})


if __name__ == "__main__":
    main()
